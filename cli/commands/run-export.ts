/**
 * What `pca-mtls issue` and `pca-mtls export` run once their flags are parsed
 * into an export request: loaded by the commands' actions only, so that --help
 * and the other commands never load the AWS SDK clients and the X.509 code.
 */
import { exportIdentity, type ExportResult } from '../../lib/identity/export-identity.ts';
import type { ExportRequest } from '../../lib/identity/export-request.ts';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import type { CliIo } from '../io.ts';

/** Exports the identity and prints the result, as text or (with --json) one JSON line. */
export async function runExport(
  io: CliIo,
  request: ExportRequest,
  json: boolean | undefined,
  context: () => AwsContext = awsContextFromEnvironment,
): Promise<void> {
  printResult(io, await exportIdentity(context(), request), json);
}

function printResult(io: CliIo, result: ExportResult, json: boolean | undefined): void {
  if (json) {
    const { identity, secretArn, versionId, certificateArn, serial, notAfter } = result;
    io.out(
      JSON.stringify({
        identity,
        secretArn,
        versionId,
        ...(certificateArn ? { certificateArn } : {}),
        serial,
        notAfter,
      }),
    );
    return;
  }
  io.out(`${result.created ? 'exported' : 'already exported (no new version)'}: identity ${result.identity}`);
  io.out(`  secret       ${result.secretArn}`);
  io.out(`  version      ${result.versionId}`);
  if (result.certificateArn) io.out(`  certificate  ${result.certificateArn}`);
  io.out(`  serial       ${result.serial}`);
  io.out(`  not after    ${result.notAfter}`);
}
