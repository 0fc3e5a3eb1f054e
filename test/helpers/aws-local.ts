import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsLocalOptions } from '../../services/aws-local/app.ts';
import { startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.ts';

/** The slice of tap's `Test` the helpers need (keeps them usable from any test). */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export const TEST_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };

export interface TestAwsLocal extends RunningAwsLocal {
  stateDir: string;
  /** Config for any AWS SDK v3 client: real HTTP to this endpoint. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: typeof TEST_CREDENTIALS;
    maxAttempts: number;
  };
  /** Calls the control API (`/_aws-local/...`) and returns status and JSON body. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/**
 * Starts aws-local on a free loopback port with a fresh state directory, and
 * stops it (and removes the directory) when the test ends.
 */
export async function startTestAwsLocal(t: Teardown, options: AwsLocalOptions = {}): Promise<TestAwsLocal> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'aws-local-test-')));
  const running = await startAwsLocal({ ...options, stateDir, host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await running.close();
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
  });
  return {
    ...running,
    stateDir,
    clientConfig: { endpoint: running.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 },
    control: async (method, path, body) => {
      const response = await fetch(`${running.url}/_aws-local/${path.replace(/^\//, '')}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** pca-mtls's own client set (lib/aws) pointed at a test endpoint. */
export async function clientsFor(local: TestAwsLocal, options: { maxAttempts?: number } = {}) {
  const { createAwsClients } = await import('../../lib/aws/clients.ts');
  return createAwsClients({
    endpoint: local.url,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });
}

/** Short transition times so tests that wait for issuance stay quick. */
export const FAST_TIMINGS = {
  'acm.issue': 50,
  'acm.visible': 20,
  'acm.renew': 50,
  'pca.issue': 20,
  'ecs.rollout': 200,
};
