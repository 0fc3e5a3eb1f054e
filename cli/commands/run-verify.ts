/**
 * What `pca-mtls verify` runs once its flags are parsed: loaded by the
 * command's action only, so that --help and the other commands never load the
 * AWS SDK clients and the X.509 code.
 */
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import type { CliIo } from '../io.ts';
import { readEnvoyAdmin } from '../verify/envoy-admin.ts';
import { NotVerifiedError } from '../verify/errors.ts';
import { renderVerifyReport } from '../verify/render-report.ts';
import { currentSecretSerial } from '../verify/secret-serial.ts';
import { verifyEnvoys } from '../verify/verify-envoys.ts';

/** Verifies the Envoys behind `admins` and prints the report; throws NotVerifiedError with its exit code. */
export async function runVerify(
  io: CliIo,
  options: { admin: string[]; secretId?: string; json?: boolean },
  context: () => AwsContext = awsContextFromEnvironment,
): Promise<void> {
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
}
