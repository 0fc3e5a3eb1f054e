/**
 * A stand-in for an Envoy admin interface: serves one scenario folder of
 * `test/fixtures/envoy-admin/` as `/stats?format=json`, `/stats` and `/certs`.
 * `textOnly` imitates an admin that ignores `format=json` and always answers
 * text, so the reader's fallback is exercised.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Teardown } from './aws-local.ts';

export const ENVOY_ADMIN_SCENARIOS = [
  'mtls',
  'one-way',
  'failed-verifications',
  'stale-certificate',
  'no-traffic',
  'no-tls',
] as const;
export type EnvoyAdminScenario = (typeof ENVOY_ADMIN_SCENARIOS)[number];

/** The serial the fixtures' current certificate carries (every scenario but stale-certificate). */
export const FIXTURE_SERIAL = '6a1f0c2b9d3e4f5061728394a5b6c7d8';
export const FIXTURE_STALE_SERIAL = '5b0e1d3c8a2f4e6071829304b5c6d7e9';

export interface EnvoyAdminStub {
  url: string;
  /** Paths (with query) requested so far. */
  requests: string[];
}

export async function startEnvoyAdminStub(
  t: Teardown,
  scenario: EnvoyAdminScenario,
  options: { textOnly?: boolean } = {},
): Promise<EnvoyAdminStub> {
  const folder = fileURLToPath(new URL(`../fixtures/envoy-admin/${scenario}/`, import.meta.url));
  const [statsJson, statsText, certsJson] = await Promise.all(
    ['stats.json', 'stats.txt', 'certs.json'].map((f) => readFile(`${folder}${f}`, 'utf8')),
  );
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://admin');
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (url.pathname === '/stats') {
      if (url.searchParams.get('format') === 'json' && !options.textOnly) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(statsJson);
      }
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end(statsText);
    }
    if (url.pathname === '/certs')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(certsJson);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('invalid path. admin commands are:\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}
