import type { Command } from 'commander';
import {
  MAX_RECEIVE_COUNT,
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW_SECONDS,
  QUEUE_MAX_CONCURRENCY,
} from '../../infra/rules/renewal-queue.ts';
import { EXPORT_FUNCTION_NAME, RENEW_FUNCTION_NAME } from '../../infra/rules/renewal-rules.ts';
import { parseQuotaFlag, type QuotaRule } from '../../services/aws-local/core/quota.ts';
import { loadIamFlags, parseIamFlag, type IamFlag } from '../../services/aws-local/iam/policy-file.ts';
import { parseTimingFlag, type TimingName, type Timings } from '../../services/aws-local/core/timings.ts';
import { DEFAULT_HOST, DEFAULT_PORT, startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.ts';
import type { CliIo } from '../io.ts';
import {
  DEFAULT_LOCAL_REGION,
  FUNCTION_ACCESS_KEYS,
  installProjectFunctions,
} from '../local-wiring/project-functions.ts';
import { RENEWAL_QUEUE_NAME } from '../local-wiring/renewal-queue.ts';
import { asArgumentParser, parsePort } from '../options.ts';
import { untilShutdownSignal } from '../shutdown-signal.ts';

export const DEFAULT_STATE_DIR = '.aws-local';
/** The flags as commander parses them (each repeatable flag already checked by its argument parser). */
interface LocalOptions {
  host: string;
  port: number;
  stateDir: string;
  quota: QuotaRule[];
  /** False with --no-quotas. */
  quotas: boolean;
  timing: [TimingName, number][];
  logLevel: string;
  bare?: boolean;
  region: string;
  allowRemote?: boolean;
  iam: IamFlag[];
}

/** What `pca-mtls local` runs with: the flags typed as startAwsLocal and the wiring take them, frozen. */
export interface LocalSettings {
  readonly server: Readonly<{
    host: string;
    port: number;
    stateDir: string;
    defaultQuotas: boolean;
    quotas: readonly QuotaRule[];
    timings: Readonly<Partial<Timings>>;
    logLevel: string;
    allowRemote: boolean;
  }>;
  /** --iam flags; their policy files are read when the endpoint starts. */
  readonly iam: readonly IamFlag[];
  /** False with --bare: no project Lambdas, no rules. */
  readonly wireProjectFunctions: boolean;
  /** Where the project rules are installed. */
  readonly region: string;
}

const LOCAL_HELP_AFTER =
  '\nClients reach it with AWS_ENDPOINT_URL=http://HOST:PORT and any credentials; the account is 000000000000.\n' +
  "Unless --bare, the project's Lambdas run in-process as pca-mtls-export and pca-mtls-renew, wired as the CDK stack\n" +
  `wires them: ACM's events rule delivers to the SQS queue ${RENEWAL_QUEUE_NAME} (DLQ after ${MAX_RECEIVE_COUNT} receives), an\n` +
  `event source mapping feeds it to pca-mtls-renew (batch ${QUEUE_BATCH_SIZE}, batching window ${QUEUE_BATCHING_WINDOW_SECONDS} s, maximum concurrency\n` +
  `${QUEUE_MAX_CONCURRENCY}, partial batch failures), and the hourly reconcile sweep rule invokes pca-mtls-renew directly.\n` +
  'Restarting on the same --state-dir reuses the queues.\n' +
  "AWS's default request-rate quotas apply per region (ThrottlingException past them); --no-quotas turns them off.\n" +
  'Control API: GET/POST /_aws-local/clock, GET /_aws-local/quotas, POST/DELETE /_aws-local/faults, POST /_aws-local/reset,\n' +
  'GET /_aws-local/requests, GET /_aws-local/events (events and their deliveries), POST /_aws-local/settle, GET /_aws-local/lambdas,\n' +
  'GET /_aws-local/iam (per --iam key: the actions and resources allowed and denied so far),\n' +
  'GET/POST/DELETE /_aws-local/event-source-mappings (the SQS pollers and their counters).\n' +
  'With --iam, only those keys are restricted; any other key is unrestricted, like the account root.\n' +
  `The in-process functions sign as ${FUNCTION_ACCESS_KEYS.export} (export) and ${FUNCTION_ACCESS_KEYS.renew} (renew).`;

/** The flags of `pca-mtls local`; the defaults of --log-level and --region come from the environment. */
export function declareLocalOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option(
      '--allow-remote',
      'allow a --host other than loopback (aws-local has NO authentication: anyone who reaches it reads every secret)',
    )
    .option('--port <port>', 'port to listen on (0 picks a free port)', parsePort, DEFAULT_PORT)
    .option('--state-dir <dir>', 'directory for the persistent state', DEFAULT_STATE_DIR)
    .option(
      '--quota <SERVICE:Operation=RPS>',
      "rate-limit an operation, replacing AWS's default quota for it (repeatable)",
      asArgumentParser(parseQuotaFlag),
      [],
    )
    .option('--no-quotas', "turn off AWS's default request-rate quotas (on by default; see OPERATIONS.md)")
    .option(
      '--timing <NAME=DURATION>',
      'duration of a transition, e.g. acm.issue=5s (repeatable)',
      asArgumentParser(parseTimingFlag),
      [],
    )
    .option(
      '--iam <ACCESS_KEY_ID=POLICY_FILE>',
      'enforce IAM for requests signed with this key: POLICY_FILE is a policy document or an array of them (repeatable)',
      asArgumentParser(parseIamFlag),
      [],
    )
    .option('--log-level <level>', 'emulator log level (trace … fatal, silent)', process.env.LOG_LEVEL ?? 'warn')
    .option(
      '--bare',
      "only the emulated AWS APIs: register none of the project's Lambdas and install none of its rules",
    )
    .option(
      '--region <region>',
      'region the project rules are installed in',
      process.env.AWS_REGION ?? DEFAULT_LOCAL_REGION,
    );
}

/** Commander's options → settings: absent switches become false, repeated --timing one map (the last wins). */
export function localSettings(options: LocalOptions): LocalSettings {
  return Object.freeze({
    server: Object.freeze({
      host: options.host,
      port: options.port,
      stateDir: options.stateDir,
      defaultQuotas: options.quotas,
      quotas: Object.freeze([...options.quota]),
      timings: Object.freeze(Object.fromEntries(options.timing)),
      logLevel: options.logLevel,
      allowRemote: options.allowRemote === true,
    }),
    iam: Object.freeze([...options.iam]),
    wireProjectFunctions: options.bare !== true,
    region: options.region,
  });
}

/** Starts the endpoint, wires the project in unless --bare, and serves until SIGINT/SIGTERM. */
async function runLocal(settings: LocalSettings, io: CliIo): Promise<void> {
  const running = await startAwsLocal({
    ...settings.server,
    ...(settings.iam.length > 0 ? { iam: await loadIamFlags(settings.iam) } : {}),
  });
  if (settings.server.allowRemote) {
    io.err(
      `aws-local: WARNING: listening on ${settings.server.host} with --allow-remote; this endpoint has no authentication: anyone who can reach it can read and change every secret, certificate and CA in it`,
    );
  }
  if (settings.wireProjectFunctions) await wireProjectFunctions(running, settings.region, io);
  io.out(`aws-local listening on ${running.url}`);
  const signal = await untilShutdownSignal();
  io.err(`aws-local: ${signal} received, shutting down`);
  await running.close();
}

/** installProjectFunctions, closing the endpoint when it fails so the command exits instead of serving half-wired. */
async function wireProjectFunctions(running: RunningAwsLocal, region: string, io: CliIo): Promise<void> {
  try {
    const wired = await installProjectFunctions(running, { region });
    io.err(
      `aws-local: functions ${EXPORT_FUNCTION_NAME}, ${RENEW_FUNCTION_NAME}; rules ${wired.rules.join(', ')} (${region}); ` +
        `ACM events → queue ${RENEWAL_QUEUE_NAME} → ${RENEW_FUNCTION_NAME} (batch ${QUEUE_BATCH_SIZE}, ` +
        `window ${QUEUE_BATCHING_WINDOW_SECONDS} s, max concurrency ${QUEUE_MAX_CONCURRENCY})`,
    );
  } catch (err) {
    await running.close();
    throw err;
  }
}

export function registerLocalCommand(program: Command, io: CliIo): void {
  declareLocalOptions(
    program
      .command('local')
      .description(
        'run the embedded local AWS endpoint (ACM, Private CA, Secrets Manager, ECS, EventBridge) until SIGINT/SIGTERM',
      ),
  )
    .addHelpText('after', LOCAL_HELP_AFTER)
    .action((options: LocalOptions) => runLocal(localSettings(options), io));
}
