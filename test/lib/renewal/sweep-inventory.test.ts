// Inventory decisions = per-identity truth, property-style: identities are
// generated from full facts (the stored certificate, ACM's certificate, the
// roll label), the sweep's inputs are derived from those facts the way AWS
// lists them (ListSecrets entries through boundIdentityOf, ListCertificates
// summaries), and dueReason must flag exactly the identities that reading
// each identity in full would find work for.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { bindingTags } from '../../../lib/identity/binding-tags.ts';
import { versionTokenFor } from '../../../lib/identity/store-identity-secret.ts';
import { boundIdentityOf } from '../../../lib/renewal/bound-identities.ts';
import { DEFAULT_RENEWAL_OPTIONS } from '../../../lib/renewal/renewal-options.ts';
import { dueReason, ROLL_RECOVERY_WINDOW_MS, type AcmListing } from '../../../lib/renewal/sweep-inventory.ts';
import { ROLL_STAGE } from '../../../lib/secret-schema/tags.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2027-06-01T12:00:00Z');
const options = DEFAULT_RENEWAL_OPTIONS;

/** A small seeded generator (mulberry32), so a failure names a reproducible seed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface Facts {
  name: string;
  source: 'acm' | 'pca';
  rotation: 'hot' | 'redeploy';
  services: string[];
  /** The AWSCURRENT certificate (what the value holds). */
  stored: { serial: string; notBefore: number; notAfter: number };
  /** ACM's certificate now (acm only; undefined: deleted). */
  acm?: { serial: string; notBefore: number; notAfter: number; status: string; issuedAt?: number };
  rolled: boolean;
  /** The secret's LastChangedDate. */
  changedAt: number;
  tagged: boolean;
}

function generate(random: () => number, i: number): Facts {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const source = random() < 0.5 ? 'acm' : 'pca';
  const lifetime = source === 'acm' ? 395 * DAY : pick([7, 30, 90]) * DAY;
  // Anywhere from just issued to past expiry, with whole-second times as certificates have.
  const notBefore = Math.floor((NOW - random() * lifetime * 1.1) / 1000) * 1000;
  const stored = { serial: randomBytes(8).toString('hex'), notBefore, notAfter: notBefore + lifetime };
  const renewedByAcm = random() < 0.3;
  // Some renewals are minutes old (a sweep crossing a renewal storm), on both sides of the event grace.
  const renewedAt = random() < 0.3 ? NOW - random() * 2 * options.eventGraceMs : stored.notBefore + 335 * DAY;
  const acm =
    source === 'acm' && random() > 0.05
      ? renewedByAcm
        ? {
            serial: randomBytes(8).toString('hex'),
            // Private CA backdates NotBefore by an hour: only IssuedAt tells how fresh a renewal is.
            notBefore: Math.floor(renewedAt / 1000) * 1000 - 3_600_000,
            notAfter: Math.floor(renewedAt / 1000) * 1000 + lifetime,
            status: 'ISSUED',
            issuedAt: Math.floor(renewedAt / 1000) * 1000,
          }
        : { ...stored, status: random() < 0.05 ? pick(['EXPIRED', 'REVOKED', 'INACTIVE']) : 'ISSUED' }
      : undefined;
  return {
    name: `svc-${String(i).padStart(4, '0')}`,
    source,
    rotation: random() < 0.5 ? 'hot' : 'redeploy',
    services: random() < 0.8 ? [`mesh/svc-${i}`] : [],
    stored,
    acm,
    rolled: random() < 0.8,
    changedAt: NOW - random() * 2 * ROLL_RECOVERY_WINDOW_MS,
    tagged: random() < 0.9,
  };
}

/** What reconciling the identity after reading everything would find to do (renew-identity.ts, roll-services.ts). */
function truth(f: Facts): boolean {
  if (!f.tagged) return true;
  if (f.source === 'acm') {
    if (!f.acm || f.acm.status !== 'ISSUED') return true;
    // Renewed less than eventGraceMs ago (RenewalSummary.UpdatedAt, here the version's issue): left to its event.
    const leftToEvent = f.acm.serial !== f.stored.serial && NOW - (f.acm.issuedAt ?? 0) < options.eventGraceMs;
    if (f.acm.serial !== f.stored.serial && !leftToEvent) return true;
    if (!leftToEvent && f.acm.notAfter - NOW <= options.acmRenewWithinDays * DAY) return true;
  } else if (NOW >= f.stored.notBefore + options.pcaRenewAtFraction * (f.stored.notAfter - f.stored.notBefore)) {
    return true;
  }
  if (f.rotation !== 'redeploy' || f.services.length === 0) return false;
  if (!f.rolled) return true;
  const ago = NOW - f.changedAt;
  return ago >= options.rollLeaseMs && ago < ROLL_RECOVERY_WINDOW_MS;
}

function listed(f: Facts) {
  const certificateArn =
    f.source === 'acm'
      ? `arn:aws:acm:us-east-1:111122223333:certificate/${f.name}`
      : `arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca/certificate/${f.name}`;
  const request = { identity: f.name, ecsServices: f.services, rotation: f.rotation };
  const facts = {
    certificateArn,
    source: f.source,
    role: 'both' as const,
    serial: f.stored.serial,
    notBefore: new Date(f.stored.notBefore),
    notAfter: new Date(f.stored.notAfter),
  };
  const tags = f.tagged
    ? bindingTags(request, facts)
    : { 'pca-mtls:identity': f.name, 'pca-mtls:certificate-arn': certificateArn, 'pca-mtls:rotation': f.rotation };
  const current = versionTokenFor(f.name, f.stored.serial);
  const entry = boundIdentityOf({
    ARN: `arn:aws:secretsmanager:us-east-1:111122223333:secret:pca-mtls/${f.name}-AbCdEf`,
    Name: `pca-mtls/${f.name}`,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    SecretVersionsToStages: { [current]: f.rolled ? ['AWSCURRENT', ROLL_STAGE] : ['AWSCURRENT'] },
    LastChangedDate: new Date(f.changedAt),
  });
  const summary: [string, AcmListing] | undefined = f.acm
    ? [certificateArn, { notAfter: f.acm.notAfter, issuedAt: f.acm.issuedAt, status: f.acm.status }]
    : undefined;
  return { entry: entry!, summary };
}

for (const seed of [1, 2, 3, 4, 5]) {
  t.test(`seed ${seed}: 2,000 generated identities, inventory decision = per-identity truth`, async (t) => {
    const random = rng(seed);
    const fleet = Array.from({ length: 2_000 }, (_, i) => generate(random, i));
    const rows = fleet.map(listed);
    const acm = new Map(rows.flatMap((r) => (r.summary ? [r.summary] : [])));
    const mismatches = fleet.filter(
      (f, i) => (dueReason(rows[i]!.entry, acm, NOW, options) !== undefined) !== truth(f),
    );
    t.same(
      mismatches.map((f) => f.name),
      [],
      'no identity is decided differently from its full reading',
    );
    const due = fleet.filter(truth).length;
    // Both outcomes occur, so the property is not vacuous.
    t.ok(due > 0 && due < fleet.length, `${due} of ${fleet.length} due`);
  });
}

t.test('each reason is named for what makes the identity due', async (t) => {
  const base = generate(rng(9), 0);
  const quiet: Facts = {
    ...base,
    source: 'acm',
    rotation: 'redeploy',
    services: ['mesh/a'],
    stored: { serial: 'aa', notBefore: NOW - 10 * DAY, notAfter: NOW + 385 * DAY },
    acm: { serial: 'aa', notBefore: NOW - 10 * DAY, notAfter: NOW + 385 * DAY, status: 'ISSUED' },
    rolled: true,
    changedAt: NOW - 10 * DAY,
    tagged: true,
  };
  const reason = (f: Facts) => {
    const row = listed(f);
    return dueReason(row.entry, new Map(row.summary ? [row.summary] : []), NOW, options);
  };
  t.equal(reason(quiet), undefined);
  t.equal(reason({ ...quiet, tagged: false }), 'untagged');
  t.equal(reason({ ...quiet, acm: undefined }), 'acm-missing');
  t.equal(reason({ ...quiet, acm: { ...quiet.acm!, status: 'EXPIRED' } }), 'acm-not-issued');
  t.equal(reason({ ...quiet, acm: { ...quiet.acm!, serial: 'bb', notAfter: NOW + 700 * DAY } }), 'acm-renewed');
  const late = { serial: 'aa', notBefore: NOW - 380 * DAY, notAfter: NOW + 15 * DAY };
  t.equal(reason({ ...quiet, stored: late, acm: { ...late, status: 'ISSUED' } }), 'acm-renew-window');
  t.equal(reason({ ...quiet, rolled: false }), 'roll-pending');
  t.equal(reason({ ...quiet, changedAt: NOW - 20 * 60_000 }), 'roll-recovery');
  t.equal(reason({ ...quiet, changedAt: NOW - 60_000 }), undefined, 'within the lease the claimant may still work');
  const pca = { ...quiet, source: 'pca' as const, acm: undefined };
  t.equal(
    reason({ ...pca, stored: { serial: 'aa', notBefore: NOW - 5 * DAY, notAfter: NOW + 2 * DAY } }),
    'pca-renew-at',
  );
  t.equal(reason({ ...pca, stored: { serial: 'aa', notBefore: NOW - 4 * DAY, notAfter: NOW + 3 * DAY } }), undefined);
});
