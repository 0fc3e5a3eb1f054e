/** Setup for the agent benches: one root CA in the trust bundle and I `pca` identities exported by the real exporter. */
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { createLogger } from '../../lib/logger.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { mapWithConcurrency } from '../../lib/renewal/bounded-concurrency.ts';
import { addTrustedCa } from '../../lib/trust/trust-bundle.ts';
import { patiently, type World } from './world.ts';

const SETUP_CONCURRENCY = 8;

/** Returns the identities' names (`svc-0000`, …); their secrets are `pca-mtls/<name>`, role server. */
export async function exportFleet(world: World, identities: number): Promise<string[]> {
  const ca = await createRootCa(world.clients.pca, { commonName: 'Agent Fleet Root' });
  await addTrustedCa(world.clients, ca.caArn);
  const logger = createLogger({ name: 'bench', level: 'silent' });
  const names = Array.from({ length: identities }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
  await mapWithConcurrency(names, SETUP_CONCURRENCY, (identity) =>
    patiently(() =>
      exportIdentity(
        { clients: world.clients, logger },
        parseExportRequest({
          identity,
          source: 'pca',
          caArn: ca.caArn,
          domain: `${identity}.mesh.local`,
          role: 'server',
        }),
      ),
    ),
  );
  return names;
}
