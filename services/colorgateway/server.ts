import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger.ts';
import { listenOn } from '../../lib/service/listen.ts';
import { buildApp } from './app.ts';
import { parseColorGatewayConfig, type ColorGatewayConfig, type ColorGatewaySettings } from './config.ts';

export interface RunningColorGateway {
  app: FastifyInstance;
  config: ColorGatewayConfig;
  /** e.g. `http://127.0.0.1:9080`: where people ask for a color. */
  url: string;
  /** Stops accepting, lets in-flight requests finish, closes the pool to colorteller. */
  close(): Promise<void>;
}

/**
 * Builds and starts listening; port 0 picks a free port.
 *
 * @example
 * const gateway = await startColorGateway({ mode: 'direct', tlsDir: '/run/gateway', port: 0,
 *   tellerUrl: teller.url, tellerSan: 'colorteller.mesh.local' });
 * await fetch(`${gateway.url}/color`);
 */
export async function startColorGateway(
  settings: ColorGatewaySettings & { logger?: Logger },
): Promise<RunningColorGateway> {
  const config = parseColorGatewayConfig(settings);
  const app = await buildApp({ config, logger: settings.logger });
  const url = await listenOn(app, { host: config.host, port: config.port, scheme: 'http' });
  return { app, config, url, close: () => app.close() };
}
