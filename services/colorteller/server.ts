import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger.ts';
import { listenOn } from '../../lib/service/listen.ts';
import { buildApp } from './app.ts';
import { parseColorTellerConfig, type ColorTellerConfig, type ColorTellerSettings } from './config.ts';

export interface RunningColorTeller {
  app: FastifyInstance;
  config: ColorTellerConfig;
  /** e.g. `https://127.0.0.1:8443` (direct) or `http://127.0.0.1:8080` (envoy). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, stops watching the TLS files. */
  close(): Promise<void>;
}

/**
 * Builds and starts listening; port 0 picks a free port.
 *
 * @example
 * const teller = await startColorTeller({ mode: 'direct', tlsDir: '/run/teller', port: 0, allowedClientSans: ['colorgateway.mesh.local'] });
 * console.log(teller.url); await teller.close();
 */
export async function startColorTeller(
  settings: ColorTellerSettings & { logger?: Logger },
): Promise<RunningColorTeller> {
  const config = parseColorTellerConfig(settings);
  const app = await buildApp({ config, logger: settings.logger });
  const url = await listenOn(app, {
    host: config.host,
    port: config.port,
    scheme: config.mode === 'direct' ? 'https' : 'http',
  });
  return { app, config, url, close: () => app.close() };
}
