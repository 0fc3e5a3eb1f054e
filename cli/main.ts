import { Command, CommanderError } from 'commander';
import { registerAgentCommand } from './commands/agent.ts';
import { registerIssueCommands } from './commands/issue.ts';
import { registerLocalCommand } from './commands/local.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerTrustCommand } from './commands/trust.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { describeError } from './describe-error.ts';
import { EXIT, processIo, UsageError, type CliIo } from './io.ts';

export function buildProgram(io: CliIo): Command {
  const program = new Command('pca-mtls')
    .description('Mutual TLS for Envoy sidecars on Amazon ECS with certificates from AWS Private CA')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerLocalCommand(program, io);
  registerStartCommand(program, io);
  registerIssueCommands(program, io);
  registerTrustCommand(program, io);
  registerAgentCommand(program, io);
  registerVerifyCommand(program, io);
  registerStatusCommand(program, io);
  return program;
}

/** Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (err instanceof UsageError) {
      io.err(`pca-mtls: ${err.message}`);
      return EXIT.USAGE;
    }
    io.err(`pca-mtls: ${describeError(err)}`);
    return typeof (err as { exitCode?: unknown }).exitCode === 'number'
      ? (err as { exitCode: number }).exitCode
      : EXIT.FAILED;
  }
}
