import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Teardown } from './aws-local.ts';

export interface ReceivedResponse {
  method: string;
  contentType: string | undefined;
  body: any;
}

/**
 * Stands in for CloudFormation's pre-signed S3 ResponseURL: records each PUT.
 * `failFirst` answers that many requests with HTTP 500 first (S3 hiccups).
 */
export async function startResponseUrlServer(t: Teardown, options: { failFirst?: number } = {}) {
  const received: ReceivedResponse[] = [];
  let failures = options.failFirst ?? 0;
  const waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures--;
        response.writeHead(500).end();
        return;
      }
      received.push({ method: request.method!, contentType: request.headers['content-type'], body: JSON.parse(body) });
      response.writeHead(200).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/response?X-Amz-Signature=abc`, received };
}
