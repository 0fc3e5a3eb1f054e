import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTROL_PREFIX } from './control/prefix.ts';

export interface RequestGuardOptions {
  /** The address aws-local listens on; its name is accepted in `Host` besides the loopback names. */
  host?: string;
  /**
   * Accept any `Host` (set with `--allow-remote`, for a non-loopback bind):
   * clients then reach it by whatever name or address the machine has.
   */
  allowAnyHost?: boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/** Whether `name` (a hostname without port or brackets) is a loopback name or address. */
export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase().replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(host) || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/** The hostname of a `Host` header value (`name:port`, `[v6]:port`), or undefined when it does not parse. */
function hostnameOf(hostHeader: string): string | undefined {
  try {
    const url = new URL(`http://${hostHeader}/`);
    return url.hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * Makes aws-local safe to leave running on a developer's machine:
 *
 * - a `Host` that is not a loopback name/address or the configured host is
 *   refused (403): DNS rebinding would otherwise let any web page the
 *   developer opens talk to it, read secrets and reset it;
 * - the control API (`/_aws-local/…`) refuses a cross-origin `Origin` (403)
 *   and a body that is not `application/json` (415), so a page cannot post a
 *   "simple" form or text request to it.
 */
export function installRequestGuard(app: FastifyInstance, options: RequestGuardOptions = {}): void {
  const configured = options.host
    ? hostnameOf(options.host.includes(':') ? `[${options.host}]` : options.host)
    : undefined;
  const allowedHost = (name: string | undefined) =>
    name !== undefined && (isLoopbackName(name) || (configured !== undefined && name === configured));

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const hostHeader = request.headers.host ?? '';
    if (!options.allowAnyHost && !allowedHost(hostnameOf(hostHeader))) {
      return reply.code(403).send({
        error: 'ForbiddenHost',
        message: `aws-local answers only requests addressed to a loopback name or ${options.host ?? 'its own address'}; refusing Host '${hostHeader.slice(0, 100)}' (DNS rebinding protection; --allow-remote lifts it)`,
      });
    }
    if (!request.url.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, hostHeader)) {
      return reply.code(403).send({
        error: 'ForbiddenOrigin',
        message: `the control API refuses cross-origin requests (Origin '${origin.slice(0, 100)}')`,
      });
    }
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (hasBody && type !== 'application/json') {
      return reply.code(415).send({
        error: 'UnsupportedMediaType',
        message: `the control API accepts only application/json bodies (got '${type || 'none'}')`,
      });
    }
    return undefined;
  });
}

function sameOrigin(origin: string, hostHeader: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}
