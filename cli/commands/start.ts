import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { parsePort } from '../options.ts';
import { untilShutdownSignal } from '../shutdown-signal.ts';
import { Option } from 'commander';
import { findEnvoy } from '../walkthrough/envoy-data-plane.ts';
import { runWalkthrough, WALKTHROUGH_FAULTS, type WalkthroughFault } from '../walkthrough/run-walkthrough.ts';

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description(
      'run the whole pca-mtls flow on one machine, on the embedded local AWS endpoint (what `npm start` runs)',
    )
    .option('--once', 'exit 0 after the walkthrough instead of serving until Ctrl-C')
    .option('--port <port>', 'port for the embedded endpoint (0 picks a free port)', parsePort, 0)
    .option('--state-dir <dir>', 'keep the emulator state here instead of a fresh temporary directory')
    .option(
      '--envoy <path>',
      'run the data plane through this envoy binary (Envoy mode; default: an envoy on PATH, else direct mode)',
    )
    .addOption(
      new Option(
        '--inject-fault <fault>',
        'break one thing on purpose, to see the walkthrough name the step that fails',
      ).choices(WALKTHROUGH_FAULTS),
    )
    .action(
      async (options: {
        once?: boolean;
        port: number;
        stateDir?: string;
        injectFault?: WalkthroughFault;
        envoy?: string;
      }) => {
        await runWalkthrough(
          {
            port: options.port,
            stateDir: options.stateDir,
            serveUntil: options.once ? undefined : untilShutdownSignal,
            fault: options.injectFault,
            envoy: findEnvoy(options.envoy),
          },
          io,
        );
      },
    );
}
