import type { Command } from 'commander';
import {
  DEFAULT_CERTIFICATE_ROLE,
  DEFAULT_KEY_ALGORITHM,
  DEFAULT_ROTATION,
  DEFAULT_SOURCE,
  parseExportRequest,
  type ExportRequest,
} from '../../lib/identity/export-request.ts';
import type { AwsContext } from '../aws-context.ts';
import type { CliIo } from '../io.ts';
import { collect } from '../options.ts';

interface BindingOptions {
  secretId?: string;
  ecsService: string[];
  rotation?: string;
  kmsKeyId?: string;
  json?: boolean;
}

function addBindingOptions(command: Command): Command {
  return command
    .option('--secret-id <id>', 'Secrets Manager secret to write (default pca-mtls/<identity>)')
    .option('--ecs-service <cluster/service>', 'ECS service that uses this identity (repeatable)', collect, [])
    .option(
      '--rotation <mode>',
      'how renewals reach the service: hot (agents swap files) or redeploy (ECS forceNewDeployment)',
      DEFAULT_ROTATION,
    )
    .option('--kms-key-id <id>', 'KMS key for the secret (default: aws/secretsmanager)')
    .option('--json', 'print the result as JSON: {identity, secretArn, versionId, certificateArn?, serial, notAfter}');
}

/** Loaded only now: --help and the other commands never load the AWS SDK clients and the X.509 code. */
async function exportAndPrint(
  io: CliIo,
  request: ExportRequest,
  json: boolean | undefined,
  context: (() => AwsContext) | undefined,
): Promise<void> {
  const { runExport } = await import('./run-export.ts');
  await runExport(io, request, json, context);
}

type CommandOptions = BindingOptions & Record<string, string | string[] | undefined>;

/** `pca-mtls issue` and `pca-mtls export`: both end in one identity secret, printed the same way. */
export function registerIssueCommands(program: Command, io: CliIo, context?: () => AwsContext): void {
  registerIssue(program, io, context);
  registerExport(program, io, context);
}

function registerIssue(program: Command, io: CliIo, context: (() => AwsContext) | undefined): void {
  addBindingOptions(
    program
      .command('issue')
      .description(
        'issue a private certificate for an identity (through ACM, or straight from Private CA) and store it in Secrets Manager',
      )
      .requiredOption('--identity <name>', 'identity name, e.g. colorteller')
      .option(
        '--source <source>',
        'acm (ACM requests and renews it) or pca (key generated here, issued by Private CA)',
        DEFAULT_SOURCE,
      )
      .requiredOption('--ca-arn <arn>', 'the Private CA that issues the certificate')
      .requiredOption('--domain <dns>', 'the DNS name (CN and first SAN)')
      .option('--san <dns>', 'another DNS subject alternative name (repeatable)', collect, [])
      .option('--key-algorithm <algorithm>', 'EC_prime256v1, EC_secp384r1 or RSA_2048', DEFAULT_KEY_ALGORITHM)
      .option('--role <role>', 'client, server or both: the EKUs the certificate must carry', DEFAULT_CERTIFICATE_ROLE)
      .option('--validity-days <days>', 'pca only: validity (default 7 on a short-lived CA, 30 otherwise)'),
  ).action(async (options: CommandOptions) => {
    const request = parseExportRequest({
      identity: options.identity,
      source: options.source,
      caArn: options.caArn,
      domain: options.domain,
      sans: options.san,
      keyAlgorithm: options.keyAlgorithm,
      role: options.role,
      validityDays: options.validityDays,
      secretId: options.secretId,
      ecsServices: options.ecsService,
      rotation: options.rotation,
      kmsKeyId: options.kmsKeyId,
    });
    await exportAndPrint(io, request, options.json, context);
  });
}

function registerExport(program: Command, io: CliIo, context: (() => AwsContext) | undefined): void {
  addBindingOptions(
    program
      .command('export')
      .description('export an existing ACM private certificate for an identity into Secrets Manager')
      .requiredOption('--identity <name>', 'identity name, e.g. colorteller')
      .requiredOption('--certificate-arn <arn>', 'the ACM certificate to export')
      .option('--role <role>', 'client, server or both: the EKUs the certificate must carry', DEFAULT_CERTIFICATE_ROLE),
  ).action(async (options: CommandOptions) => {
    const request = parseExportRequest({
      identity: options.identity,
      source: 'acm',
      certificateArn: options.certificateArn,
      role: options.role,
      secretId: options.secretId,
      ecsServices: options.ecsService,
      rotation: options.rotation,
      kmsKeyId: options.kmsKeyId,
    });
    await exportAndPrint(io, request, options.json, context);
  });
}
