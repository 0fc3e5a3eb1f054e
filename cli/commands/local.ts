import type { Command } from 'commander';
import { parseQuotaFlag, type QuotaRule } from '../../services/aws-local/core/quota.js';
import { parseTimingFlag, type TimingName } from '../../services/aws-local/core/timings.js';
import { DEFAULT_HOST, DEFAULT_PORT, startAwsLocal } from '../../services/aws-local/server.js';
import type { CliIo } from '../io.js';
import { asArgumentParser, parsePort } from '../options.js';
import { untilShutdownSignal } from '../shutdown-signal.js';

export const DEFAULT_STATE_DIR = '.aws-local';

interface LocalOptions {
  host: string;
  port: number;
  stateDir: string;
  quota: QuotaRule[];
  timing: [TimingName, number][];
  logLevel: string;
}

export function registerLocalCommand(program: Command, io: CliIo): void {
  program
    .command('local')
    .description('run the embedded local AWS endpoint (ACM, Private CA, Secrets Manager, ECS, EventBridge) until SIGINT/SIGTERM')
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0 picks a free port)', parsePort, DEFAULT_PORT)
    .option('--state-dir <dir>', 'directory for the persistent state', DEFAULT_STATE_DIR)
    .option('--quota <SERVICE:Operation=RPS>', 'rate-limit an operation, as AWS quotas do (repeatable)', asArgumentParser(parseQuotaFlag), [])
    .option('--timing <NAME=DURATION>', 'duration of a transition, e.g. acm.issue=5s (repeatable)', asArgumentParser(parseTimingFlag), [])
    .option('--log-level <level>', 'emulator log level (trace … fatal, silent)', process.env.LOG_LEVEL ?? 'warn')
    .addHelpText(
      'after',
      '\nClients reach it with AWS_ENDPOINT_URL=http://HOST:PORT and any credentials; the account is 000000000000.\nControl API: GET/POST /_aws-local/clock, POST/DELETE /_aws-local/faults, POST /_aws-local/reset, GET /_aws-local/requests.',
    )
    .action(async (options: LocalOptions) => {
      const running = await startAwsLocal({
        host: options.host,
        port: options.port,
        stateDir: options.stateDir,
        quotas: options.quota,
        timings: Object.fromEntries(options.timing),
        logLevel: options.logLevel,
      });
      io.out(`aws-local listening on ${running.url}`);
      const signal = await untilShutdownSignal();
      io.err(`aws-local: ${signal} received, shutting down`);
      await running.close();
    });
}
