// Starts aws-local on a free loopback port with one exported identity
// (pca-mtls/bench-teller, server role) and the trust bundle, prints
// {"url","secretId","trustSecretId","allowPeerSan"} as one JSON line, and
// serves until stdin closes. Run by bench/agent.mjs through tsx.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients } from '../../lib/aws/clients.ts';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { createLogger } from '../../lib/logger.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { addTrustedCa } from '../../lib/trust/trust-bundle.ts';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';
import { startAwsLocal } from '../../services/aws-local/server.ts';

const stateDir = await mkdtemp(join(tmpdir(), 'bench-agent-aws-local-'));
const local = await startAwsLocal({
  stateDir,
  host: '127.0.0.1',
  port: 0,
  logLevel: 'silent',
  timings: { 'acm.issue': 50, 'acm.visible': 20, 'pca.issue': 20 },
});
const clients = createAwsClients({
  endpoint: local.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const logger = createLogger({ name: 'bench', level: 'silent' });
const ca = await createRootCa(clients.pca, { commonName: 'Bench Root CA' });
await addTrustedCa(clients, ca.caArn);
const secretId = 'pca-mtls/bench-teller';
await exportIdentity(
  { clients, logger },
  parseExportRequest({
    identity: 'benchteller',
    source: 'acm',
    caArn: ca.caArn,
    domain: 'colorteller.mesh.local',
    role: 'server',
    secretId,
  }),
);
process.stdout.write(
  `${JSON.stringify({ url: local.url, secretId, trustSecretId: DEFAULT_TRUST_SECRET_ID, allowPeerSan: 'colorgateway.mesh.local' })}\n`,
);

process.stdin.resume();
process.stdin.on('end', () => void shutDown());
async function shutDown(): Promise<void> {
  await local.close();
  await rm(stateDir, { recursive: true, force: true });
  process.exit(0);
}
