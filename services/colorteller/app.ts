/**
 * colorteller: answers `GET /color` with its color and the verified identity
 * of whoever asked. Behind Envoy (mode `envoy`) the sidecar terminated mTLS
 * and says who the peer was in `x-forwarded-client-cert`; in mode `direct` the
 * app serves HTTPS itself from the agent's files, requires and verifies client
 * certificates, and swaps in rotated files for new connections without a restart.
 */
import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { errorResponseSchema, healthRouteSchema } from '../../lib/service/response-schemas.ts';
import { watchTlsMaterial, type ReloadingTlsMaterial } from '../../lib/tls/reloading-tls-material.ts';
import { secureContextOptions } from '../../lib/tls/tls-material-files.ts';
import { callerFromForwardedClientCert, callerFromTlsSocket, isAllowed, type Caller } from './caller-identity.ts';
import type { ColorTellerConfig } from './config.ts';
import { ForwardedClientCertError, XFCC_HEADER } from './forwarded-client-cert.ts';

export interface ColorTellerAppOptions {
  config: ColorTellerConfig;
  logger?: Logger;
  /** direct mode: material to serve (default: watch `config.tlsDir`). The app closes only what it opened. */
  tlsMaterial?: ReloadingTlsMaterial;
}

const colorSchema = {
  querystring: { type: 'object', additionalProperties: false, properties: {} },
  response: {
    200: {
      type: 'object',
      required: ['color', 'caller'],
      additionalProperties: false,
      properties: {
        color: { type: 'string' },
        /** The verified identity of the peer. */
        caller: { type: 'string' },
        /** The serial of the peer's certificate, when the app saw it (direct mode). */
        callerSerial: { type: 'string' },
      },
    },
    400: errorResponseSchema,
    401: errorResponseSchema,
    403: errorResponseSchema,
  },
} as const;

function refuse(reply: FastifyReply, status: 400 | 401 | 403, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/** The verified caller of this request, or a refusal already sent. */
function callerOf(request: FastifyRequest, reply: FastifyReply, config: ColorTellerConfig): Caller | undefined {
  let caller: Caller | undefined;
  if (config.mode === 'direct') {
    // Any x-forwarded-client-cert a direct caller sends is its own claim, and ignored.
    caller = callerFromTlsSocket(request.raw.socket as TLSSocket);
    if (!caller) {
      refuse(reply, 401, 'unauthenticated', 'no verified client certificate on this connection');
      return undefined;
    }
  } else {
    const header = request.headers[XFCC_HEADER];
    if (typeof header !== 'string' || header === '') {
      refuse(
        reply,
        401,
        'unauthenticated',
        `no ${XFCC_HEADER}: requests must arrive through the Envoy sidecar over mTLS`,
      );
      return undefined;
    }
    try {
      caller = callerFromForwardedClientCert(header);
    } catch (err) {
      if (!(err instanceof ForwardedClientCertError)) throw err;
      refuse(reply, 400, 'bad-request', err.message);
      return undefined;
    }
    if (!caller) {
      refuse(reply, 401, 'unauthenticated', `${XFCC_HEADER} names no identity (no URI, DNS or subject CN)`);
      return undefined;
    }
  }
  if (!isAllowed(caller, config.allowedClientSans)) {
    request.log.warn({ caller: caller.identity, serial: caller.serial }, 'caller not in the allowed client SANs');
    refuse(
      reply,
      403,
      'forbidden',
      `caller ${caller.identity} is not allowed (allowed client SANs: ${config.allowedClientSans.join(', ')})`,
    );
    return undefined;
  }
  return caller;
}

/**
 * The app, not listening. In direct mode the TLS material is loaded first:
 * without a valid certificate, key and trust bundle the app does not build.
 *
 * @example
 * const app = await buildApp({ config: parseColorTellerConfig({ mode: 'direct', tlsDir: '/run/pca-mtls' }) });
 * await app.listen({ host: app.config.host, port: 8443 });
 */
export async function buildApp(options: ColorTellerAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ name: 'colorteller' });
  let material: ReloadingTlsMaterial | undefined;
  let ownsMaterial = false;
  if (config.mode === 'direct') {
    material = options.tlsMaterial;
    if (!material) {
      material = await watchTlsMaterial({ outDir: config.tlsDir!, logger, pollIntervalMs: config.tlsPollIntervalMs });
      ownsMaterial = true;
    }
  }
  const app = fastify({
    loggerInstance: logger,
    ...(material
      ? {
          https: {
            ...secureContextOptions(material.current),
            requestCert: true,
            rejectUnauthorized: true,
            minVersion: 'TLSv1.2' as const,
          },
        }
      : {}),
  }) as unknown as FastifyInstance;

  if (material) {
    const server = app.server as unknown as TlsServer & { closeIdleConnections?: () => void };
    // New connections get the new certificate and trust bundle; open ones keep theirs, as Envoy
    // does. Idle keep-alive connections are closed, so a busy client's next request handshakes
    // with the new certificate instead of riding the old one until it expires.
    const unsubscribe = material.onChange((next) => {
      server.setSecureContext(secureContextOptions(next));
      server.closeIdleConnections?.();
    });
    app.addHook('onClose', async () => {
      unsubscribe();
      if (ownsMaterial) material.close();
    });
  }

  app.get('/color', { schema: colorSchema }, async (request, reply) => {
    const caller = callerOf(request, reply, config);
    if (!caller) return reply;
    request.log.info({ caller: caller.identity, serial: caller.serial }, 'told a color');
    return { color: config.color, caller: caller.identity, ...(caller.serial ? { callerSerial: caller.serial } : {}) };
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
