// colorteller's process entry: settings from the environment, listen, and on
// SIGTERM/SIGINT stop accepting, finish in-flight requests and exit 0.
import { createLogger } from '../../lib/logger.ts';
import { runServiceMain } from '../../lib/service/run-service-main.ts';
import { colorTellerSettingsFromEnv } from './config.ts';
import { startColorTeller } from './server.ts';

const logger = createLogger({ name: 'colorteller' });
await runServiceMain({
  name: 'colorteller',
  logger,
  start: () => startColorTeller({ ...colorTellerSettingsFromEnv(process.env), logger }),
  describe: (teller) => ({ url: teller.url, mode: teller.config.mode, color: teller.config.color }),
});
