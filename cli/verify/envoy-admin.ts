/** Reads what `verify` needs from one Envoy admin interface: `/stats` (JSON, text as fallback) and `/certs`. */
import { AdminUnreachableError } from './errors.ts';
import { parseJsonStats, parseTextStats } from './envoy-stats.ts';
import { parseCertsResponse } from './loaded-certificates.ts';

/** Per request; the admin interface answers from memory, so a slow one is a stuck one. */
export const ADMIN_TIMEOUT_MS = 5_000;

export interface AdminSnapshot {
  statsFormat: 'json' | 'text';
  stats: Map<string, number>;
  leaves: NonNullable<ReturnType<typeof parseCertsResponse>>;
}

async function get(baseUrl: string, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    const reason =
      e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? (err as Error).message);
    throw new AdminUnreachableError(baseUrl, `unreachable (${reason}); is the admin interface listening there?`, {
      cause: err,
    });
  }
  return { status: response.status, body: await response.text() };
}

export async function readEnvoyAdmin(baseUrl: string, timeoutMs = ADMIN_TIMEOUT_MS): Promise<AdminSnapshot> {
  let statsFormat: AdminSnapshot['statsFormat'] = 'json';
  const jsonStats = await get(baseUrl, '/stats?format=json', timeoutMs);
  let stats = jsonStats.status === 200 ? parseJsonStats(jsonStats.body) : undefined;
  if (!stats) {
    statsFormat = 'text';
    const textStats = await get(baseUrl, '/stats', timeoutMs);
    if (textStats.status !== 200)
      throw new AdminUnreachableError(
        baseUrl,
        `GET /stats answered ${textStats.status}; is this an Envoy admin interface?`,
      );
    stats = parseTextStats(textStats.body);
    if (stats.size === 0)
      throw new AdminUnreachableError(
        baseUrl,
        'GET /stats has no `name: value` lines; is this an Envoy admin interface?',
      );
  }
  const certs = await get(baseUrl, '/certs', timeoutMs);
  let leaves: AdminSnapshot['leaves'] | undefined;
  if (certs.status === 200) {
    try {
      leaves = parseCertsResponse(JSON.parse(certs.body));
    } catch {
      leaves = undefined;
    }
  }
  if (!leaves)
    throw new AdminUnreachableError(
      baseUrl,
      `GET /certs answered ${certs.status} without Envoy's {"certificates":[…]}`,
    );
  return { statsFormat, stats, leaves };
}
