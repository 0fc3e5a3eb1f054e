import { InvalidArgumentError, type Command } from 'commander';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import { UsageError, type CliIo } from '../io.ts';
import { readEnvoyAdmin } from '../verify/envoy-admin.ts';
import { NotVerifiedError } from '../verify/errors.ts';
import { renderVerifyReport } from '../verify/render-report.ts';
import { currentSecretSerial } from '../verify/secret-serial.ts';
import { verifyEnvoys } from '../verify/verify-envoys.ts';

function collectAdminUrl(value: string, previous: string[] = []): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`'${value}' is not a URL; e.g. http://127.0.0.1:9901`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`'${value}' must be an http:// or https:// URL`);
  return [...previous, url.origin + url.pathname.replace(/\/$/, '')];
}

export function registerVerifyCommand(
  program: Command,
  io: CliIo,
  context: () => AwsContext = awsContextFromEnvironment,
): void {
  program
    .command('verify')
    .description(
      'check through Envoy admin interfaces that every server listener does mutual TLS and the loaded certificate is current. ' +
        'Exit 0 verified, 1 something one-way, plaintext, idle, failing, expired or stale, 2 an admin endpoint unreachable or bad arguments',
    )
    .option('--admin <url>', 'an Envoy admin URL, e.g. http://127.0.0.1:9901 (repeatable)', collectAdminUrl, [])
    .option(
      '--secret-id <id>',
      'the identity secret these Envoys serve: a loaded certificate whose serial differs is stale',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { admin: string[]; secretId?: string; json?: boolean }) => {
      if (options.admin.length === 0)
        throw new UsageError('give at least one --admin URL (an Envoy admin interface, e.g. http://127.0.0.1:9901)');
      const secret = options.secretId
        ? { id: options.secretId, serial: await currentSecretSerial(context().clients.secrets, options.secretId) }
        : undefined;
      const report = await verifyEnvoys(options.admin, { readAdmin: (url) => readEnvoyAdmin(url) }, secret);
      if (options.json) io.out(JSON.stringify(report, null, 2));
      else for (const line of renderVerifyReport(report)) io.out(line);
      if (report.exitCode !== 0) {
        const unreachable = report.admins.filter((a) => !a.reachable).length;
        throw new NotVerifiedError(
          unreachable > 0
            ? `${unreachable} Envoy admin endpoint(s) unreachable; nothing verified there`
            : 'not verified: see the problems in the report',
          report.exitCode,
        );
      }
    });
}
