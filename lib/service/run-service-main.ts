import type { Logger } from '../logger.ts';

/** A shutdown that hangs (a stuck connection) must not keep ECS waiting for its SIGKILL. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface ServiceMainOptions<T extends { close(): Promise<void> }> {
  name: string;
  logger: Logger;
  start(): Promise<T>;
  /** Fields for the "listening" log line (URL, mode …; never secrets). */
  describe(running: T): Record<string, unknown>;
  shutdownTimeoutMs?: number;
}

/**
 * A service process's entry: start, log that it listens, and on SIGTERM/SIGINT
 * stop accepting, finish in-flight requests and exit 0 (1 if that fails or
 * takes longer than the timeout). A failed start logs the reason and exits 1.
 */
export async function runServiceMain<T extends { close(): Promise<void> }>(
  options: ServiceMainOptions<T>,
): Promise<void> {
  const { logger, name } = options;
  const timeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  let running: T;
  try {
    running = await options.start();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    logger.fatal({ err: { code: e.code, message: e.message } }, `${name} did not start`);
    process.exit(1);
  }
  logger.info(options.describe(running), `${name} listening`);
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    running.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
