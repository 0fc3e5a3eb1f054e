import type { FastifyInstance } from 'fastify';
import { buildAwsLocal, type AwsLocalOptions } from './app.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.ts';
import { isLoopbackName } from './request-guard.ts';

export interface RunningAwsLocal {
  app: FastifyInstance;
  /** e.g. `http://127.0.0.1:4566`: what clients use as `AWS_ENDPOINT_URL`. */
  url: string;
  close(): Promise<void>;
}

/** Refused: a non-loopback address without `allowRemote`. */
export class RemoteBindRefusedError extends Error {
  override name = 'RemoteBindRefusedError';
  readonly code = 'AWS_LOCAL_REMOTE_BIND';
}

/**
 * Builds and starts listening; port 0 picks a free port. aws-local has no
 * authentication, so an address other than loopback needs `allowRemote`
 * (which also lifts the `Host` check: remote clients use the machine's names).
 */
export async function startAwsLocal(
  options: AwsLocalOptions & { host?: string; port?: number; allowRemote?: boolean } = {},
): Promise<RunningAwsLocal> {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopbackName(host) && !options.allowRemote) {
    throw new RemoteBindRefusedError(
      `refusing to listen on ${host}: aws-local has no authentication and anyone who can reach it can read every secret in it; listen on 127.0.0.1, or pass --allow-remote to accept that`,
    );
  }
  const app = await buildAwsLocal({ ...options, guard: { host, allowAnyHost: options.allowRemote === true } });
  await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${urlHost}:${port}`, close: () => app.close() };
}
