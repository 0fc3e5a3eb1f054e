/**
 * A world for agent tests: aws-local over real HTTP, a Private CA in the
 * trust bundle, identities exported by the real exporter, memory-backed
 * output directories, and the agent as a separate process.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsClientConfig } from '../../lib/aws/client-config.ts';
import { exportIdentity, type ExportResult } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { addTrustedCa } from '../../lib/trust/trust-bundle.ts';
import type { AgentClients } from '../../envoy/agent/fetch-material.ts';
import { spawnNode, type ProcessRun } from '../helpers/cli-process.ts';
import {
  clientsFor,
  FAST_TIMINGS,
  startTestAwsLocal,
  TEST_CREDENTIALS,
  TEST_REGION,
  type Teardown,
  type TestAwsLocal,
} from '../helpers/aws-local.ts';
import { capturingLogger } from '../helpers/capturing-logger.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const AGENT_MAIN = join(REPO_ROOT, 'envoy/agent/main.ts');
export const FIXTURES = join(REPO_ROOT, 'test/envoy/fixtures');

export const TELLER = {
  identity: 'colorteller',
  domain: 'colorteller.mesh.local',
  secretId: 'pca-mtls/colorteller',
} as const;
export const GATEWAY = {
  identity: 'colorgateway',
  domain: 'colorgateway.mesh.local',
  secretId: 'pca-mtls/colorgateway',
} as const;

/** A fresh directory in /dev/shm (tmpfs here), removed when the test ends. */
export async function memoryDir(t: Teardown, prefix = 'pca-mtls-agent-'): Promise<string> {
  const dir = await mkdtemp(join('/dev/shm', prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh directory on the disk-backed temp filesystem. */
export async function diskDir(t: Teardown, prefix = 'pca-mtls-agent-disk-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export { capturingLogger };

export interface AgentWorld {
  local: TestAwsLocal;
  clients: Awaited<ReturnType<typeof clientsFor>>;
  caArn: string;
  caCertificatePem: string;
  teller: ExportResult;
  gateway: ExportResult;
  /** The agent's Secrets Manager client pointed at aws-local. */
  agentClients(options?: { maxAttempts?: number }): AgentClients;
  /** Environment for an agent process pointed at aws-local. */
  env: Record<string, string>;
}

/**
 * aws-local with one root CA in the trust bundle (`pca-mtls/trust`), and two
 * identities exported by the real exporter: colorteller (server, through
 * ACM) and colorgateway (client, straight from Private CA).
 */
export async function agentWorld(t: Teardown): Promise<AgentWorld> {
  // AWS's default request-rate quotas: the agent end to end meets them as it would in AWS.
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS, defaultQuotas: true });
  const clients = await clientsFor(local);
  const { logger } = capturingLogger('silent');
  const ca = await createRootCa(clients.pca, { commonName: 'Mesh Root CA' });
  await addTrustedCa(clients, ca.caArn);
  const teller = await exportIdentity(
    { clients, logger },
    parseExportRequest({
      identity: TELLER.identity,
      source: 'acm',
      caArn: ca.caArn,
      domain: TELLER.domain,
      role: 'server',
    }),
  );
  const gateway = await exportIdentity(
    { clients, logger },
    parseExportRequest({
      identity: GATEWAY.identity,
      source: 'pca',
      caArn: ca.caArn,
      domain: GATEWAY.domain,
      role: 'client',
    }),
  );
  return {
    local,
    clients,
    caArn: ca.caArn,
    caCertificatePem: ca.certificatePem,
    teller,
    gateway,
    agentClients: (options = {}) => ({
      secrets: new SecretsManagerClient(
        awsClientConfig({
          endpoint: local.url,
          region: TEST_REGION,
          credentials: TEST_CREDENTIALS,
          maxAttempts: options.maxAttempts ?? 2,
        }),
      ),
    }),
    env: {
      AWS_ENDPOINT_URL: local.url,
      AWS_REGION: TEST_REGION,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  };
}

/** Agent flags for the teller (server) writing into `outDir`. */
export function tellerArgs(outDir: string, extra: string[] = []): string[] {
  return [
    '--secret-id',
    TELLER.secretId,
    '--role',
    'server',
    '--allow-peer-san',
    GATEWAY.domain,
    '--out-dir',
    outDir,
    ...extra,
  ];
}

/** Agent flags for the gateway (client) writing into `outDir`. */
export function gatewayArgs(outDir: string, extra: string[] = []): string[] {
  return [
    '--secret-id',
    GATEWAY.secretId,
    '--role',
    'client',
    '--server-san',
    TELLER.domain,
    '--upstream',
    `${TELLER.domain}:15000`,
    '--out-dir',
    outDir,
    ...extra,
  ];
}

export { spawnNode, type ProcessRun };

/** Runs the agent as a separate process (dist/agent.mjs, the bundle of envoy/agent/main.ts) against the world's aws-local. */
export function spawnAgent(
  t: Teardown,
  world: AgentWorld,
  args: readonly string[],
  env: Record<string, string> = {},
): ProcessRun {
  return spawnNode(t, AGENT_MAIN, args, { ...world.env, LOG_LEVEL: 'trace', ...env });
}
