/**
 * The reconcile sweep over N identities (half acm, half pca) with nothing due,
 * under the default quotas: AWS calls and seconds, against the floor of the
 * list calls an inventory needs (ListSecrets at 100 a page, ListCertificates at
 * 1,000 a page and 1 request/s).
 */
import { ExportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { ListCertificatesCommand } from '@aws-sdk/client-acm';
import { createRenewHandler } from '../../lambdas/renew-certificate/handler.ts';
import { bindingTags } from '../../lib/identity/binding-tags.ts';
import { versionTokenFor } from '../../lib/identity/store-identity-secret.ts';
import { createLogger } from '../../lib/logger.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { mapWithConcurrency } from '../../lib/renewal/bounded-concurrency.ts';
import { patiently, type World } from './world.ts';

const DAY_MS = 86_400_000;
const SETUP_CONCURRENCY = 8;

export interface SweepFigures {
  identities: number;
  calls: number;
  seconds: number;
  floorCalls: number;
  floorSeconds: number;
  byOperation: (readonly [string, number])[];
  due: number;
}

async function requestCertificates(world: World, count: number): Promise<void> {
  const ca = await createRootCa(world.clients.pca, { commonName: 'Fleet Root' });
  await mapWithConcurrency(
    Array.from({ length: count }, (_, i) => i),
    SETUP_CONCURRENCY,
    (i) =>
      patiently(() =>
        world.clients.acm.send(
          new RequestCertificateCommand({
            DomainName: `acm-${i}.fleet.local`,
            CertificateAuthorityArn: ca.caArn,
            KeyAlgorithm: 'EC_prime256v1',
            IdempotencyToken: `fleet${i}`,
          }),
        ),
      ),
  );
}

async function listedCertificates(world: World) {
  const listed: { arn: string; notBefore: Date; notAfter: Date }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await world.clients.acm.send(
      new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1'] }, MaxItems: 1000, NextToken }),
    );
    for (const c of page.CertificateSummaryList ?? [])
      listed.push({ arn: c.CertificateArn!, notBefore: c.NotBefore!, notAfter: c.NotAfter! });
    NextToken = page.NextToken;
  } while (NextToken);
  return listed;
}

/** N identity secrets tagged as an export would tag them; acm ones bound to real ACM certificates. */
async function createFleet(world: World, identities: number): Promise<void> {
  const acmCount = Math.floor(identities / 2);
  await requestCertificates(world, acmCount);
  await world.control('POST', 'settle', { timeoutMs: 300_000 });
  const certificates = await listedCertificates(world);
  if (certificates.length !== acmCount)
    throw new Error(`expected ${acmCount} ACM certificates, ${certificates.length}`);
  // As an export leaves them: ACM renews a private certificate only once exported (INELIGIBLE before), and the
  // sweep rightly treats an INELIGIBLE one as due.
  await mapWithConcurrency(certificates, SETUP_CONCURRENCY, (c) =>
    patiently(() =>
      world.clients.acm.send(
        new ExportCertificateCommand({ CertificateArn: c.arn, Passphrase: Buffer.from('fleet-bench-passphrase') }),
      ),
    ),
  );
  const start = world.now().getTime();
  await mapWithConcurrency(
    Array.from({ length: identities }, (_, i) => i),
    SETUP_CONCURRENCY,
    async (i) => {
      const identity = `svc-${String(i).padStart(5, '0')}`;
      const acm = certificates[i];
      const serial = (i + 1).toString(16).padStart(8, '0');
      const facts = acm
        ? { certificateArn: acm.arn, source: 'acm' as const, notBefore: acm.notBefore, notAfter: acm.notAfter }
        : {
            certificateArn: `arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/fleet/certificate/${serial}`,
            source: 'pca' as const,
            notBefore: new Date(start - DAY_MS),
            notAfter: new Date(start + 6 * DAY_MS),
          };
      const tags = bindingTags({ identity, ecsServices: [], rotation: 'hot' }, { ...facts, role: 'both', serial });
      await patiently(() =>
        world.clients.secrets.send(
          new CreateSecretCommand({
            Name: `pca-mtls/${identity}`,
            SecretString: '{}',
            ClientRequestToken: versionTokenFor(identity, serial),
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        ),
      );
    },
  );
}

export async function sweepScenario(world: World, identities: number): Promise<SweepFigures> {
  await createFleet(world, identities);
  world.applyDefaultQuotas();
  // The quotas' buckets start full; let them settle as a real account's would between sweeps.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const handler = createRenewHandler({
    clients: world.functionClients(),
    logger: createLogger({ name: 'bench', level: 'silent' }),
    now: world.now,
  });
  const calls = world.mark();
  const started = performance.now();
  const summary = await handler({ action: 'sweep' }, { getRemainingTimeInMillis: () => 900_000 });
  const seconds = (performance.now() - started) / 1000;
  const counted = calls();
  if (summary.failures.length > 0) throw new Error(`sweep failed: ${JSON.stringify(summary.failures[0])}`);
  const listSecretsPages = Math.ceil(identities / 100);
  const listCertificatesPages = Math.ceil(Math.floor(identities / 2) / 1000);
  return {
    identities,
    calls: counted.total,
    seconds,
    floorCalls: listSecretsPages + listCertificatesPages,
    // ListCertificates at 1/s with a burst of one: every page after the first waits a second.
    floorSeconds: Math.max(listCertificatesPages - 1, listSecretsPages / 100),
    byOperation: counted.byOperation,
    due: summary.sweep?.due ?? -1,
  };
}
