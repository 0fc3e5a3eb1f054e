// colorgateway's process entry: settings from the environment, listen, and on
// SIGTERM/SIGINT stop accepting, finish in-flight requests and exit 0.
import { createLogger } from '../../lib/logger.ts';
import { runServiceMain } from '../../lib/service/run-service-main.ts';
import { colorGatewaySettingsFromEnv } from './config.ts';
import { startColorGateway } from './server.ts';

const logger = createLogger({ name: 'colorgateway' });
await runServiceMain({
  name: 'colorgateway',
  logger,
  start: () => startColorGateway({ ...colorGatewaySettingsFromEnv(process.env), logger }),
  describe: (gateway) => ({ url: gateway.url, mode: gateway.config.mode, tellerUrl: gateway.config.tellerUrl }),
});
