import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { Command } from 'commander';
import {
  EXPORT_FUNCTION_NAME,
  lambdaArn,
  RENEW_FUNCTION_NAME,
  RENEW_FUNCTION_TIMEOUT_MS,
  ruleInstallInputs,
} from '../../infra/rules/renewal-rules.js';
import { createExportHandler } from '../../lambdas/export-certificate/handler.js';
import { createRenewHandler } from '../../lambdas/renew-certificate/handler.js';
import { createAwsClients } from '../../lib/aws/clients.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { ACCOUNT_ID } from '../../services/aws-local/app.js';
import { parseQuotaFlag, type QuotaRule } from '../../services/aws-local/core/quota.js';
import { loadIamFlags, parseIamFlag, type IamFlag } from '../../services/aws-local/iam/policy-file.js';
import { parseTimingFlag, type TimingName, type Timings } from '../../services/aws-local/core/timings.js';
import { DEFAULT_HOST, DEFAULT_PORT, startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.js';
import type { CliIo } from '../io.js';
import { asArgumentParser, parsePort } from '../options.js';
import { untilShutdownSignal } from '../shutdown-signal.js';

export const DEFAULT_STATE_DIR = '.aws-local';
export const DEFAULT_LOCAL_REGION = 'us-east-1';
/**
 * Access keys the in-process functions sign with, one per function as each has
 * its own role in AWS: `--iam AKIDPCAMTLSRENEW=renew-policy.json` restricts the
 * renew function to that policy. Rules are installed as the deployer would.
 */
export const FUNCTION_ACCESS_KEYS = {
  export: 'AKIDPCAMTLSEXPORT',
  renew: 'AKIDPCAMTLSRENEW',
  deploy: 'AKIDPCAMTLSDEPLOY',
} as const;
const credentialsFor = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'pca-mtls-local-functions' });

export interface ProjectFunctions {
  /** ARNs the handlers answer for (they are registered by name, so any region of the account reaches them). */
  exportFunctionArn: string;
  renewFunctionArn: string;
  /** The rules installed from infra/rules, in `region`. */
  rules: string[];
}

/**
 * Wires the project's Lambdas into a running aws-local, as the
 * infrastructure wires them into AWS: the export and renew handlers
 * registered as `pca-mtls-export` and `pca-mtls-renew` (in-process, their SDK
 * clients speaking HTTP to aws-local, deciding by aws-local's clock), and the
 * rules of infra/rules installed through the EventBridge API. `pca-mtls local`
 * does this unless --bare; the `npm start` walkthrough calls it too.
 */
export async function installProjectFunctions(
  running: RunningAwsLocal,
  options: { region?: string; logger?: Logger } = {},
): Promise<ProjectFunctions> {
  const region = options.region ?? DEFAULT_LOCAL_REGION;
  const clientsAs = (accessKeyId: string) =>
    createAwsClients({
      endpoint: running.url,
      region,
      credentials: credentialsFor(accessKeyId),
      retryMode: 'adaptive',
    });
  const { lambdas, env } = running.app.awsLocal;
  const now = () => env.clock.now();
  lambdas.register(
    EXPORT_FUNCTION_NAME,
    createExportHandler({
      clients: clientsAs(FUNCTION_ACCESS_KEYS.export),
      logger: options.logger ?? createLogger({ name: EXPORT_FUNCTION_NAME }),
      now,
    }),
  );
  lambdas.register(
    RENEW_FUNCTION_NAME,
    createRenewHandler({
      clients: clientsAs(FUNCTION_ACCESS_KEYS.renew),
      logger: options.logger ?? createLogger({ name: RENEW_FUNCTION_NAME }),
      now,
    }),
    // The deployed timeout: the sweep plans its work against the remaining time.
    { timeoutMs: RENEW_FUNCTION_TIMEOUT_MS },
  );
  const installed: string[] = [];
  const clients = clientsAs(FUNCTION_ACCESS_KEYS.deploy);
  for (const { putRule, putTargets } of ruleInstallInputs(region, ACCOUNT_ID)) {
    await clients.events.send(new PutRuleCommand(putRule));
    await clients.events.send(new PutTargetsCommand(putTargets));
    installed.push(putRule.Name);
  }
  return {
    exportFunctionArn: lambdaArn(region, ACCOUNT_ID, EXPORT_FUNCTION_NAME),
    renewFunctionArn: lambdaArn(region, ACCOUNT_ID, RENEW_FUNCTION_NAME),
    rules: installed,
  };
}

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
  "Unless --bare, the project's Lambdas run in-process as pca-mtls-export and pca-mtls-renew, and the rules of\n" +
  'infra/rules (ACM events, the hourly reconcile sweep) deliver to them.\n' +
  "AWS's default request-rate quotas apply per region (ThrottlingException past them); --no-quotas turns them off.\n" +
  'Control API: GET/POST /_aws-local/clock, GET /_aws-local/quotas, POST/DELETE /_aws-local/faults, POST /_aws-local/reset,\n' +
  'GET /_aws-local/requests, GET /_aws-local/events (events and their deliveries), POST /_aws-local/settle, GET /_aws-local/lambdas,\n' +
  'GET /_aws-local/iam (per --iam key: the actions and resources allowed and denied so far).\n' +
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
      `aws-local: functions ${EXPORT_FUNCTION_NAME}, ${RENEW_FUNCTION_NAME}; rules ${wired.rules.join(', ')} (${region})`,
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
