import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TEST_CREDENTIALS, TEST_REGION } from './aws-local.ts';

/**
 * Debian's AWS CLI v2 (package `awscli`). An older v1 `aws` may come first on
 * PATH (pip), so it is called by its full path; override with PCA_MTLS_AWS_CLI.
 */
export const AWS_CLI = process.env.PCA_MTLS_AWS_CLI ?? '/usr/bin/aws';

export function awsCliAvailable(): boolean {
  return existsSync(AWS_CLI);
}

export interface AwsCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json?: any;
}

/**
 * Runs `aws SERVICE OPERATION ARGS...` against aws-local with JSON output (signed with `accessKeyId` if given).
 * `cli` picks another CLI; `v1` leaves out `--no-cli-pager`, which CLI v1 lacks (it has no pager).
 */
export function awsCli(
  endpoint: string,
  args: readonly string[],
  options: { input?: string; cli?: string; v1?: boolean; accessKeyId?: string } = {},
): Promise<AwsCliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      options.cli ?? AWS_CLI,
      [
        '--endpoint-url',
        endpoint,
        '--region',
        TEST_REGION,
        '--output',
        'json',
        ...(options.v1 ? [] : ['--no-cli-pager']),
        ...args,
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: options.accessKeyId ?? TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_MAX_ATTEMPTS: '1',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: unknown;
        try {
          json = stdout.trim() ? JSON.parse(stdout) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ exitCode, stdout, stderr, json });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
