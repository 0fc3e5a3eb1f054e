/**
 * Where aws-local listens unless told otherwise. Apart from server.ts so that
 * `pca-mtls local --help` can print them without loading the endpoint itself
 * (fastify, every emulated service).
 */
export const DEFAULT_HOST = '127.0.0.1';
/** Clients reach it as AWS_ENDPOINT_URL=http://127.0.0.1:4566 unless --port says otherwise. */
export const DEFAULT_PORT = 4566;
