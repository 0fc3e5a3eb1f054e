import type { FastifyInstance } from 'fastify';

/** Listens (port 0 picks a free port) and returns the URL clients use; the app is closed if listening fails. */
export async function listenOn(
  app: FastifyInstance,
  options: { host: string; port: number; scheme: 'http' | 'https' },
): Promise<string> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `${options.scheme}://${host}:${port}`;
}
