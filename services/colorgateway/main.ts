// colorgateway's process entry: settings from the environment, listen, and on
// SIGTERM/SIGINT stop accepting, finish in-flight requests and exit 0.
import { createLogger } from '../../lib/logger.js';
import { runServiceMain } from '../../lib/service/run-service-main.js';
import { colorGatewaySettingsFromEnv } from './config.js';
import { startColorGateway } from './server.js';

const logger = createLogger({ name: 'colorgateway' });
await runServiceMain({
  name: 'colorgateway',
  logger,
  start: () => startColorGateway({ ...colorGatewaySettingsFromEnv(process.env), logger }),
  describe: (gateway) => ({ url: gateway.url, mode: gateway.config.mode, tellerUrl: gateway.config.tellerUrl }),
});
