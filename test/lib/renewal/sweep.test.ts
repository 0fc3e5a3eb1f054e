// The sweep against aws-local: a fleet with nothing due costs only list calls;
// due identities alone are read; a deadline far shorter than the work stops a
// sweep early and the next ones continue from the persisted cursor until
// every due identity has been reconciled.
import { DisableRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { bindingTags } from '../../../lib/identity/binding-tags.ts';
import { renewCertificates } from '../../../lib/renewal/renew-certificates.ts';
import { parseRenewalOptions } from '../../../lib/renewal/renewal-options.ts';
import { ROLL_STAGE } from '../../../lib/secret-schema/tags.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';
import { renewalHarness } from '../../lambdas/renew-certificate/harness.ts';

const SWEEP_EVENT = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };
const DAY = 86_400_000;

t.test('nothing due: list calls only; then only the due identities are read', async (t) => {
  const h = await renewalHarness(t);
  // This test runs the sweeps itself: the installed hourly rule would sweep too when the clock moves.
  await h.clients.events.send(new DisableRuleCommand({ Name: 'pca-mtls-reconcile-sweep' }));
  const ca = await h.rootCa('Sweep Root');
  await h.exportAcm('acm-a', ca, 'hot');
  await h.exportAcm('acm-b', ca, 'hot');
  const pca = await h.exportPca('pca-a', ca, 'hot');
  const logger = capturingLogger('silent').logger;
  const deps = { clients: h.functionClients, logger, now: h.now };

  const before = (await h.local.control('GET', 'requests')).body.requests.length;
  const quiet = await renewCertificates(deps, SWEEP_EVENT);
  const calls = (await h.local.control('GET', 'requests')).body.requests.slice(before);
  t.same(quiet.failures, []);
  t.same(quiet.sweep, { identities: 3, due: 0, reconciled: 0, complete: true, cursor: undefined });
  t.same([...new Set(calls.map((c: { operation: string }) => c.operation))].sort(), [
    'ListCertificates',
    'ListSecrets',
  ]);
  t.equal(calls.length, 2, 'one page of each');

  // Past 2/3 of the pca certificate's lifetime: it alone is due, and re-issued.
  await h.setClock(new Date(Date.parse(pca.notAfter) - 1 * DAY));
  const mark = (await h.local.control('GET', 'requests')).body.requests.length;
  const renewed = await renewCertificates(deps, SWEEP_EVENT);
  const reads = (await h.local.control('GET', 'requests')).body.requests
    .slice(mark)
    .filter((c: { operation: string }) => c.operation === 'GetSecretValue');
  t.same(renewed.failures, []);
  t.same(renewed.identitiesChecked, ['pca-a']);
  t.same(
    renewed.versionsWritten.map((v) => v.identity),
    ['pca-a'],
  );
  t.equal(reads.length, 1, 'one value read, for the due identity');
});

t.test('a deadline far shorter than the work: each sweep continues where the last stopped', async (t) => {
  const h = await renewalHarness(t);
  const names = Array.from({ length: 12 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  for (const name of names) await h.createService(name);
  // Redeploy identities whose current version was never marked rolled: each is due once (roll-pending), and
  // reconciling it labels that first version — visible, and cheap enough to count.
  const notBefore = h.now();
  for (const name of names) {
    const tags = bindingTags(
      { identity: name, ecsServices: [`mesh/${name}`], rotation: 'redeploy' },
      {
        certificateArn: `arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x/certificate/${name}`,
        source: 'pca',
        role: 'both',
        serial: 'aa',
        notBefore,
        notAfter: new Date(notBefore.getTime() + 7 * DAY),
      },
    );
    await h.clients.secrets.send(
      new CreateSecretCommand({
        Name: `pca-mtls/${name}`,
        SecretString: '{}',
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }
  const logger = capturingLogger('silent').logger;
  const options = parseRenewalOptions({ sweepReserveMs: 0, identityConcurrency: 1 });
  // Already past: every sweep reconciles exactly one identity (each makes progress) and stops.
  const order: string[] = [];
  for (let sweep = 0; sweep < names.length; sweep++) {
    const summary = await renewCertificates(
      { clients: h.functionClients, logger, now: h.now, options, deadline: Date.now() - 1 },
      SWEEP_EVENT,
    );
    t.same(summary.failures, []);
    t.equal(summary.sweep?.reconciled, 1);
    order.push(...summary.identitiesChecked);
  }
  t.same(order, names, 'one new identity per sweep, in order, none twice: the cursor carried over');
  const labelled = await Promise.all(
    names.map(async (name) => (await h.versions(name)).some((v) => v.VersionStages?.includes(ROLL_STAGE))),
  );
  t.same(
    labelled,
    names.map(() => true),
    'every identity reconciled within N sweeps',
  );
  const after = await renewCertificates({ clients: h.functionClients, logger, now: h.now, options }, SWEEP_EVENT);
  t.same(after.sweep, { identities: 12, due: 0, reconciled: 0, complete: true, cursor: undefined }, 'nothing left');
});
