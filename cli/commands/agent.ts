import type { Command } from 'commander';
import { run } from '../../envoy/agent/run-agent.ts';
import type { CliIo } from '../io.ts';

/**
 * `pca-mtls agent …`: the Envoy startup agent, with exactly the flags and
 * PCA_MTLS_* variables of the standalone bundle (`node dist/agent.mjs …`),
 * which containers should prefer: it loads no CLI code. Arguments pass
 * through untouched, `--` and the command after it included.
 */
export function registerAgentCommand(program: Command, io: CliIo): void {
  program
    .command('agent')
    .description(
      "fetch, verify and write this task's identity, render Envoy's config, supervise Envoy and rotate (see: pca-mtls agent --help)",
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[settings...]', 'agent settings, then -- COMMAND ARGS...')
    .action(async (args: string[]) => {
      const status = await run(args, {
        stdout: (text) => io.out(text.replace(/\n$/, '')),
        stderr: (text) => io.err(text.replace(/\n$/, '')),
      });
      if (status !== 0) throw Object.assign(new Error(`agent finished with status ${status}`), { exitCode: status });
    });
}
