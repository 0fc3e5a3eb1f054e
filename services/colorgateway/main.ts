// colorgateway's process entry: settings from the environment, listen, and on
// SIGTERM/SIGINT stop accepting, finish in-flight requests and exit 0.
import { createLogger } from '../../lib/logger.js';
import { colorGatewaySettingsFromEnv } from './config.js';
import { startColorGateway } from './server.js';

/** A shutdown that hangs (a stuck connection) must not keep ECS waiting for its SIGKILL. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

const logger = createLogger({ name: 'colorgateway' });
try {
  const gateway = await startColorGateway({ ...colorGatewaySettingsFromEnv(process.env), logger });
  logger.info({ url: gateway.url, mode: gateway.config.mode, tellerUrl: gateway.config.tellerUrl }, 'colorgateway listening');
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    gateway.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (err) {
  const e = err as { code?: string; message?: string };
  logger.fatal({ err: { code: e.code, message: e.message } }, 'colorgateway did not start');
  process.exit(1);
}
