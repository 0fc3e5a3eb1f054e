import { PutAccountConfigurationCommand } from '@aws-sdk/client-acm';
import { DeletePermissionCommand, UpdateCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';
import {
  activeRoot,
  clockNow,
  controls,
  DAY_MS,
  DAY_S,
  describe,
  issuedCertificate,
  startScheduled,
} from './helpers.ts';
import { nth } from '../../../helpers/present.ts';

t.test(
  'an exported certificate is renewed 60 days before expiry: new serial and key on the same ARN, then ACM Certificate Available (RENEWAL)',
  async (t) => {
    const { acm, pca, setClock, events } = await startScheduled(t);
    const caArn = await activeRoot(pca);
    const before = await issuedCertificate(acm, caArn);
    const notAfter = before.NotAfter!.getTime();
    const arn = before.CertificateArn!;

    await setClock(new Date(notAfter - 60 * DAY_MS - 60_000));
    t.equal((await describe(acm, arn)).Serial, before.Serial, 'a minute before the 60-day mark nothing has happened');
    t.same(
      (await events('?detailType=ACM%20Certificate%20Available')).map((e) => e.detail.Action),
      ['ISSUANCE'],
    );

    await setClock(new Date(notAfter - 60 * DAY_MS + 2_000));
    const renewed = await describe(acm, arn);
    t.not(renewed.Serial, before.Serial, 'a new serial');
    t.equal(renewed.CertificateArn, arn, 'the same ARN');
    t.equal(renewed.RenewalSummary?.RenewalStatus, 'SUCCESS');
    t.ok(renewed.NotAfter!.getTime() > notAfter + 300 * DAY_MS, 'valid for another 395 days');

    const available = await events('?detailType=ACM%20Certificate%20Available');
    t.equal(available.length, 2);
    const renewal = nth(available, 1);
    t.equal(renewal.source, 'aws.acm');
    t.same(renewal.resources, [arn], 'resources[0] is the certificate ARN');
    t.match(renewal.detail, {
      Action: 'RENEWAL',
      CertificateType: 'PRIVATE',
      CommonName: 'colorteller.mesh.local',
      Exported: true,
      InUse: false,
    });
    t.equal(renewal.detail.CertificateExpirationDate, renewed.NotAfter!.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    t.equal(
      renewal.time,
      new Date(notAfter - 60 * DAY_MS + 1_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'stamped when the renewal took effect (acm.renew after the mark)',
    );
    t.equal(
      (await events('?detailType=ACM%20Certificate%20Approaching%20Expiration')).length,
      0,
      'renewed before any expiry notice',
    );
  },
);

t.test(
  'a certificate that was never exported is not renewed: daily expiry notices from 45 days, one per crossed day, then Expired',
  async (t) => {
    const { acm, pca, setClock, advance, events } = await startScheduled(t);
    const caArn = await activeRoot(pca);
    const cert = await issuedCertificate(acm, caArn, { exported: false });
    const notAfter = cert.NotAfter!.getTime();
    const notices = async () =>
      (await events('?detailType=ACM%20Certificate%20Approaching%20Expiration')).map((e) => e.detail.DaysToExpiry);

    await setClock(new Date(notAfter - 45 * DAY_MS + 3_600_000));
    t.same(await notices(), [45]);
    await advance(DAY_S);
    t.same(await notices(), [45, 44], 'one notice per day');
    await advance(60);
    t.same(await notices(), [45, 44], 'not twice on the same day');
    await advance(10 * DAY_S);
    t.same(await notices(), [45, 44, 34], 'after a jump only the latest crossed day, not a storm');
    const latest = (await events('?detailType=ACM%20Certificate%20Approaching%20Expiration')).at(-1)!;
    t.same(latest.detail, { DaysToExpiry: 34, CommonName: 'colorteller.mesh.local' });
    t.equal(
      latest.time,
      new Date(notAfter - 34 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'stamped at the day boundary',
    );

    await advance(300 * DAY_S);
    t.same(await notices(), [45, 44, 34], 'a jump past the expiry sends no more notices');
    const expired = await events('?detailType=ACM%20Certificate%20Expired');
    t.equal(expired.length, 1);
    t.match(nth(expired, 0).detail, {
      CertificateType: 'PRIVATE',
      CommonName: 'colorteller.mesh.local',
      Exported: false,
    });
    t.equal(
      (await events('?detailType=ACM%20Certificate%20Renewal%20Action%20Required')).length,
      0,
      'not exported: not eligible, no attempts',
    );
    t.equal((await describe(acm, cert.CertificateArn!)).Status, 'EXPIRED');
  },
);

t.test('PutAccountConfiguration DaysBeforeExpiry moves the first notice', async (t) => {
  const { acm, pca, setClock, events } = await startScheduled(t);
  await acm.send(
    new PutAccountConfigurationCommand({ ExpiryEvents: { DaysBeforeExpiry: 30 }, IdempotencyToken: 'days30' }),
  );
  const cert = await issuedCertificate(acm, await activeRoot(pca), { exported: false });
  await setClock(new Date(cert.NotAfter!.getTime() - 40 * DAY_MS));
  t.same(await events('?detailType=ACM%20Certificate%20Approaching%20Expiration'), []);
  await setClock(new Date(cert.NotAfter!.getTime() - 30 * DAY_MS + 1_000));
  t.same(
    (await events('?detailType=ACM%20Certificate%20Approaching%20Expiration')).map((e) => e.detail.DaysToExpiry),
    [30],
  );
});

t.test(
  'a disabled CA fails the managed renewal: Renewal Action Required with PCA_INVALID_STATE, the old certificate stays',
  async (t) => {
    const { acm, pca, setClock, events } = await startScheduled(t);
    const caArn = await activeRoot(pca);
    const cert = await issuedCertificate(acm, caArn);
    await pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: caArn, Status: 'DISABLED' }));
    const notAfter = cert.NotAfter!.getTime();
    await setClock(new Date(notAfter - 60 * DAY_MS + 5_000));
    const requiredQuery = '?detailType=ACM%20Certificate%20Renewal%20Action%20Required';
    t.same(await events(requiredQuery), [], 'the failed first attempt (60 days) publishes nothing');
    const atSixty = await describe(acm, cert.CertificateArn!);
    t.equal(atSixty.Serial, cert.Serial);
    t.match(atSixty.RenewalSummary, { RenewalStatus: 'FAILED', RenewalStatusReason: 'PCA_INVALID_STATE' });

    // The retry at 45 days fails too: now Renewal Action Required is published.
    await setClock(new Date(notAfter - 45 * DAY_MS + 5_000));
    const required = await events(requiredQuery);
    t.equal(required.length, 1);
    t.match(nth(required, 0).detail, {
      RenewalStatusReason: 'PCA_INVALID_STATE',
      DaysToExpiry: 45,
      CertificateType: 'PRIVATE',
      Exported: true,
    });
    t.same(nth(required, 0).resources, [cert.CertificateArn]);
    const after = await describe(acm, cert.CertificateArn!);
    t.equal(after.Serial, cert.Serial);
    t.match(after.RenewalSummary, { RenewalStatus: 'FAILED', RenewalStatusReason: 'PCA_INVALID_STATE' });

    // ACM retries at 30, 15, 3 and 1 days; crossed retries collapse into the latest.
    await setClock(new Date(notAfter - 14 * DAY_MS));
    t.same(
      (await events(requiredQuery)).map((e) => e.detail.DaysToExpiry),
      [45, 15],
    );
    // Re-enabled, the next retry succeeds.
    await pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: caArn, Status: 'ACTIVE' }));
    await setClock(new Date(notAfter - 3 * DAY_MS + 5_000));
    const renewal = (await events('?detailType=ACM%20Certificate%20Available')).filter(
      (e) => e.detail.Action === 'RENEWAL',
    );
    t.equal(renewal.length, 1, 'renewed at the 3-day retry');
    t.not((await describe(acm, cert.CertificateArn!)).Serial, cert.Serial);
  },
);

t.test('without the acm.amazonaws.com permission the renewal fails with PCA_ACCESS_DENIED', async (t) => {
  const { acm, pca, setClock, events } = await startScheduled(t);
  const caArn = await activeRoot(pca);
  const cert = await issuedCertificate(acm, caArn);
  await pca.send(new DeletePermissionCommand({ CertificateAuthorityArn: caArn, Principal: 'acm.amazonaws.com' }));
  await setClock(new Date(cert.NotAfter!.getTime() - 60 * DAY_MS + 5_000));
  t.match((await describe(acm, cert.CertificateArn!)).RenewalSummary, {
    RenewalStatus: 'FAILED',
    RenewalStatusReason: 'PCA_ACCESS_DENIED',
  });
  await setClock(new Date(cert.NotAfter!.getTime() - 45 * DAY_MS + 5_000));
  const required = await events('?detailType=ACM%20Certificate%20Renewal%20Action%20Required');
  t.same(
    required.map((e) => [e.detail.RenewalStatusReason, e.detail.DaysToExpiry]),
    [['PCA_ACCESS_DENIED', 45]],
    'published for the 45-day retry, not the 60-day attempt',
  );
});

t.test(
  'a 300-day and then a 400-day jump: renewed once at 335 days; never re-exported, it is INELIGIBLE and left to expire; a restart repeats nothing',
  async (t) => {
    const { local, acm, pca, advance, events } = await startScheduled(t);
    const caArn = await activeRoot(pca);
    const cert = await issuedCertificate(acm, caArn);
    const issuedAt = cert.NotBefore!.getTime();
    await advance(300 * DAY_S);
    t.same(
      (await events('?source=aws.acm')).map((e) => e.detailType),
      ['ACM Certificate Available'],
      'only the issuance so far',
    );
    await advance(400 * DAY_S);
    const acmEvents = await events('?source=aws.acm');
    t.same(
      acmEvents.map((e) => `${e.detailType}:${e.detail.Action ?? e.detail.DaysToExpiry}`),
      [
        'ACM Certificate Available:ISSUANCE',
        'ACM Certificate Available:RENEWAL',
        'ACM Certificate Approaching Expiration:30',
      ],
      'renewed at 335 days; not at 670 (nobody exported the renewal), so the expiry notices run instead',
    );
    t.equal((await describe(acm, cert.CertificateArn!)).RenewalEligibility, 'INELIGIBLE');
    const times = acmEvents.map((e) => Date.parse(e.time));
    t.same(
      [...times].sort((a, b) => a - b),
      times,
      'in time order',
    );
    // notBefore is an hour before signing: the first renewal was signed 335 days after the first issuance.
    const renewedAt = (Date.parse(nth(acmEvents, 1).time) - issuedAt) / DAY_MS;
    t.ok(renewedAt > 334.9 && renewedAt < 335.1, `first renewal ${renewedAt} days after issuance`);

    const before = JSON.stringify(await events());
    await local.close();
    const again = await startTestAwsLocal(t, { stateDir: local.stateDir, tickIntervalMs: 0 });
    await controls(again).advance(1);
    t.equal(
      JSON.stringify((await controls(again).events()).map((e) => e.id)),
      JSON.stringify(JSON.parse(before).map((e: { id: string }) => e.id)),
      'no event repeated after a restart',
    );
    t.ok((await clockNow(again)) > issuedAt + 700 * DAY_MS);
  },
);

t.test('RenewCertificate is announced too, and the real-time tick finds it without a clock move', async (t) => {
  const { acm, pca, local } = await startScheduled(t, {
    tickIntervalMs: 20,
    timings: { 'pca.issue': 0, 'acm.issue': 0, 'acm.visible': 0, 'acm.renew': 50 },
  });
  const caArn = await activeRoot(pca);
  const cert = await issuedCertificate(acm, caArn);
  const { RenewCertificateCommand } = await import('@aws-sdk/client-acm');
  await acm.send(new RenewCertificateCommand({ CertificateArn: cert.CertificateArn }));
  for (;;) {
    const renewals = (await controls(local).events('?detailType=ACM%20Certificate%20Available')).filter(
      (e) => e.detail.Action === 'RENEWAL',
    );
    if (renewals.length > 0) {
      t.equal(renewals.length, 1);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

t.test(
  'renewal eligibility follows exports: a renewal makes the certificate INELIGIBLE until it is exported again, and only then is it renewed again',
  async (t) => {
    const { acm, pca, setClock, events } = await startScheduled(t);
    const caArn = await activeRoot(pca);
    const cert = await issuedCertificate(acm, caArn);
    const arn = cert.CertificateArn!;
    t.equal(cert.RenewalEligibility, 'ELIGIBLE', 'exported since issued');
    await setClock(new Date(cert.NotAfter!.getTime() - 60 * DAY_MS + 2_000));
    const renewed = await describe(acm, arn);
    t.not(renewed.Serial, cert.Serial, 'renewed at 60 days');
    t.equal(renewed.RenewalEligibility, 'INELIGIBLE', 'renewed and not exported since');
    const { ExportCertificateCommand, ListCertificatesCommand, RenewCertificateCommand } =
      await import('@aws-sdk/client-acm');
    const listed = await acm.send(new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1'] } }));
    t.match(listed.CertificateSummaryList, [{ CertificateArn: arn, RenewalEligibility: 'INELIGIBLE', Exported: true }]);
    await t.rejects(
      acm.send(new RenewCertificateCommand({ CertificateArn: arn })),
      { name: 'ValidationException' },
      'RenewCertificate refuses an ineligible certificate',
    );

    // Nobody exports: at the renewed certificate's 60-day mark nothing happens.
    const secondMark = renewed.NotAfter!.getTime() - 60 * DAY_MS;
    await setClock(new Date(secondMark + 2_000));
    t.equal((await describe(acm, arn)).Serial, renewed.Serial, 'not renewed: INELIGIBLE');

    // Exported again, it is ELIGIBLE, and the next managed attempt (45 days) renews it.
    await acm.send(new ExportCertificateCommand({ CertificateArn: arn, Passphrase: Buffer.from('passphrase-1') }));
    t.equal((await describe(acm, arn)).RenewalEligibility, 'ELIGIBLE');
    await setClock(new Date(renewed.NotAfter!.getTime() - 45 * DAY_MS + 2_000));
    const again = await describe(acm, arn);
    t.not(again.Serial, renewed.Serial, 'renewed at the 45-day attempt once eligible');
    t.equal(
      (await events('?detailType=ACM%20Certificate%20Available')).filter((e) => e.detail.Action === 'RENEWAL').length,
      2,
    );
  },
);
