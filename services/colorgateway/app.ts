/**
 * colorgateway: `GET /color` asks colorteller (through the local Envoy, or
 * directly over mTLS) and answers with the color, how colorteller named the
 * gateway, and — in direct mode — which teller the gateway verified it spoke to.
 */
import fastify, { type FastifyInstance } from 'fastify';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { errorResponseSchema, healthRouteSchema } from '../../lib/service/response-schemas.ts';
import { watchTlsMaterial, type ReloadingTlsMaterial } from '../../lib/tls/reloading-tls-material.ts';
import type { ColorGatewayConfig } from './config.ts';
import { TellerCallError, TellerClient, type TellerCallErrorCode } from './teller-client.ts';

export interface ColorGatewayAppOptions {
  config: ColorGatewayConfig;
  logger?: Logger;
  /** direct mode: the client certificate to present (default: watch `config.tlsDir`). The app closes only what it opened. */
  tlsMaterial?: ReloadingTlsMaterial;
}

const colorSchema = {
  querystring: { type: 'object', additionalProperties: false, properties: {} },
  response: {
    200: {
      type: 'object',
      required: ['color', 'caller', 'mode'],
      additionalProperties: false,
      properties: {
        color: { type: 'string' },
        caller: { type: 'string' },
        callerSerial: { type: 'string' },
        mode: { type: 'string' },
        teller: {
          type: 'object',
          required: ['identity', 'serial'],
          additionalProperties: false,
          properties: { identity: { type: 'string' }, serial: { type: 'string' } },
        },
      },
    },
    502: errorResponseSchema,
    504: errorResponseSchema,
  },
} as const;

/** HTTP status and error name the gateway answers for each way the call can fail. */
const FAILURES: Record<TellerCallErrorCode, { status: 502 | 504; error: string }> = {
  TELLER_TIMEOUT: { status: 504, error: 'teller-timeout' },
  TELLER_TLS_FAILED: { status: 502, error: 'teller-tls-failed' },
  TELLER_REFUSED: { status: 502, error: 'teller-refused' },
  TELLER_BAD_RESPONSE: { status: 502, error: 'teller-bad-response' },
  TELLER_UNREACHABLE: { status: 502, error: 'teller-unreachable' },
};

/**
 * The app, not listening. In direct mode the client certificate is loaded
 * first: without valid material the app does not build.
 */
export async function buildApp(options: ColorGatewayAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ name: 'colorgateway' });
  let material: ReloadingTlsMaterial | undefined;
  let ownsMaterial = false;
  if (config.mode === 'direct') {
    material = options.tlsMaterial;
    if (!material) {
      material = await watchTlsMaterial({ outDir: config.tlsDir!, logger, pollIntervalMs: config.tlsPollIntervalMs });
      ownsMaterial = true;
    }
  }
  const teller = new TellerClient(config, logger, material);
  const app = fastify({ loggerInstance: logger }) as unknown as FastifyInstance;
  app.addHook('onClose', async () => {
    teller.close();
    if (ownsMaterial) material!.close();
  });

  app.get('/color', { schema: colorSchema }, async (request, reply) => {
    try {
      const answer = await teller.getColor();
      request.log.info({ color: answer.color, tellerSerial: answer.teller?.serial }, 'asked colorteller');
      return { ...answer, mode: config.mode };
    } catch (err) {
      if (!(err instanceof TellerCallError)) throw err;
      const failure = FAILURES[err.code];
      request.log.warn({ err: { code: err.code, message: err.message } }, 'colorteller call failed');
      return reply.code(failure.status).send({ error: failure.error, message: err.message });
    }
  });

  app.get('/healthz', { schema: healthRouteSchema }, async () => {
    const leaf = material?.current.leaf;
    return {
      status: 'ok',
      mode: config.mode,
      ...(leaf ? { certificate: { serial: leaf.serial, subject: leaf.subject, notAfter: leaf.notAfter } } : {}),
    };
  });

  return app;
}
