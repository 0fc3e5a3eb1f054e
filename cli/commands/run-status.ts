/**
 * What `pca-mtls status` runs once its flags are parsed: loaded by the
 * command's action only, so that --help and the other commands never load the
 * AWS SDK clients and the X.509 code.
 */
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import type { CliIo } from '../io.ts';
import { collectStatus } from '../status/collect-status.ts';
import { StatusProblemsError } from '../status/errors.ts';
import { renderStatusReport } from '../status/render-status.ts';

/** Prints the inventory as of `at`; throws StatusProblemsError (exit 1) when anything needs attention. */
export async function runStatus(
  io: CliIo,
  options: { at?: Date; json?: boolean },
  context: () => AwsContext = awsContextFromEnvironment,
): Promise<void> {
  const report = await collectStatus(context().clients, options.at ?? new Date());
  if (options.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of renderStatusReport(report)) io.out(line);
  const { warning, error } = report.summary;
  if (warning + error > 0)
    throw new StatusProblemsError(`${error} identity(ies) with errors, ${warning} with warnings`);
}
