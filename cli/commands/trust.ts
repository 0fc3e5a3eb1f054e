import type { Command } from 'commander';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';
import type { AwsContext } from '../aws-context.ts';
import { UsageError, type CliIo } from '../io.ts';

/** Flags every trust subcommand takes. */
export interface TrustOptions {
  secretId: string;
  json?: boolean;
}
interface AddOptions extends TrustOptions {
  caArn?: string;
  certificateFile?: string;
}
export interface RemoveOptions extends TrustOptions {
  caArn: string;
}

/** What `trust add` adds: exactly one of a Private CA or a CA certificate file. */
export type AddSource = { kind: 'private-ca'; caArn: string } | { kind: 'certificate-file'; path: string };

/** `trust add`'s flags → the one source it adds. */
export function addSource({ caArn, certificateFile }: AddOptions): AddSource {
  if (caArn && !certificateFile) return { kind: 'private-ca', caArn };
  if (certificateFile && !caArn) return { kind: 'certificate-file', path: certificateFile };
  throw new UsageError('trust add takes exactly one of --ca-arn and --certificate-file');
}

function withCommonOptions(command: Command): Command {
  return command
    .option('--secret-id <id>', 'the trust-bundle secret', DEFAULT_TRUST_SECRET_ID)
    .option('--json', 'print JSON');
}

export function registerTrustCommand(program: Command, io: CliIo, context?: () => AwsContext): void {
  const trust = program
    .command('trust')
    .description('maintain the trust bundle: the CA certificates every peer trusts');
  withCommonOptions(
    trust
      .command('add')
      .description(
        'add a Private CA (its certificate and chain), or a CA certificate from a PEM file, to the bundle; idempotent',
      ),
  )
    .option('--ca-arn <arn>', 'the Private CA to trust')
    .option(
      '--certificate-file <pem>',
      "a CA certificate that is not a Private CA, e.g. the root of an exportable public ACM certificate's chain",
    )
    .action(async (options: AddOptions) => {
      const source = addSource(options);
      const { runAdd } = await import('./run-trust.ts');
      await runAdd(io, options, source, context);
    });
  withCommonOptions(trust.command('remove').description('remove a Private CA from the bundle; idempotent'))
    .requiredOption('--ca-arn <arn>', 'the Private CA to stop trusting')
    .action(async (options: RemoveOptions) => {
      const { runRemove } = await import('./run-trust.ts');
      await runRemove(io, options, context);
    });
  withCommonOptions(trust.command('list').description('list the trusted CAs')).action(async (options: TrustOptions) => {
    const { runList } = await import('./run-trust.ts');
    await runList(io, options, context);
  });
}
