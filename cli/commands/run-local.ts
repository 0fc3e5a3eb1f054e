/**
 * What `pca-mtls local` runs once its flags are parsed: loaded by the command's
 * action only, so that other commands and --help never load aws-local, the
 * Lambda handlers or the AWS SDK clients.
 */
import {
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW_SECONDS,
  QUEUE_MAX_CONCURRENCY,
} from '../../infra/rules/renewal-queue.ts';
import { EXPORT_FUNCTION_NAME, RENEW_FUNCTION_NAME } from '../../infra/rules/renewal-rules.ts';
import { loadIamFlags } from '../../services/aws-local/iam/policy-file.ts';
import { startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.ts';
import type { CliIo } from '../io.ts';
import { RENEWAL_QUEUE_NAME } from '../local-wiring/local-names.ts';
import { installProjectFunctions } from '../local-wiring/project-functions.ts';
import { untilShutdownSignal } from '../shutdown-signal.ts';
import type { LocalSettings } from './local.ts';

/** Starts the endpoint, wires the project in unless --bare, and serves until SIGINT/SIGTERM. */
export async function runLocal(settings: LocalSettings, io: CliIo): Promise<void> {
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
  // Listen for the signal before saying we listen: a supervisor may send SIGTERM the moment it reads the line.
  const stopped = untilShutdownSignal();
  io.out(`aws-local listening on ${running.url}`);
  const signal = await stopped;
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
