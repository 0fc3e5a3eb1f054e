import type { FastifyInstance } from 'fastify';
import { buildAwsLocal, type AwsLocalOptions } from './app.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4566;

export interface RunningAwsLocal {
  app: FastifyInstance;
  /** e.g. `http://127.0.0.1:4566`: what clients use as `AWS_ENDPOINT_URL`. */
  url: string;
  close(): Promise<void>;
}

/** Builds and starts listening; port 0 picks a free port. */
export async function startAwsLocal(
  options: AwsLocalOptions & { host?: string; port?: number } = {},
): Promise<RunningAwsLocal> {
  const app = await buildAwsLocal(options);
  const host = options.host ?? DEFAULT_HOST;
  await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${urlHost}:${port}`, close: () => app.close() };
}
