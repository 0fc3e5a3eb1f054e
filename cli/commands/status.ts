import { InvalidArgumentError, type Command } from 'commander';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import type { CliIo } from '../io.ts';
import { collectStatus } from '../status/collect-status.ts';
import { StatusProblemsError } from '../status/errors.ts';
import { renderStatusReport } from '../status/render-status.ts';

function parseInstant(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new InvalidArgumentError(`'${value}' is not an ISO 8601 time, e.g. 2027-01-31T00:00:00Z`);
  return at;
}

export function registerStatusCommand(
  program: Command,
  io: CliIo,
  context: () => AwsContext = awsContextFromEnvironment,
): void {
  program
    .command('status')
    .description(
      'inventory of every pca-mtls identity secret: certificate, expiry, rotation, bound services, exports, versions, and what needs attention. ' +
        'Exit 0 all fine, 1 any warning or error, 2 the secrets cannot be listed or bad arguments',
    )
    .option(
      '--at <time>',
      'judge expiry and renewal as of this ISO 8601 time (default now), e.g. to see what needs renewal next week',
      parseInstant,
    )
    .option('--json', 'print the inventory as JSON')
    .action(async (options: { at?: Date; json?: boolean }) => {
      const report = await collectStatus(context().clients, options.at ?? new Date());
      if (options.json) io.out(JSON.stringify(report, null, 2));
      else for (const line of renderStatusReport(report)) io.out(line);
      const { warning, error } = report.summary;
      if (warning + error > 0)
        throw new StatusProblemsError(`${error} identity(ies) with errors, ${warning} with warnings`);
    });
}
