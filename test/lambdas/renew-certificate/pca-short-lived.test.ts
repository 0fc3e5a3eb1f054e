import t from 'tap';
import { parseCertificate } from '../../../lib/pki/index.ts';
import { DAY_MS, renewalHarness } from './harness.ts';

const HOUR_S = 3_600;

t.test(
  'pca identities on a short-lived CA (7-day certificates) are re-issued by the hourly sweep at 2/3 of their lifetime, several times in a row',
  async (t) => {
    const h = await renewalHarness(t);
    const ca = await h.rootCa('Short-Lived Root', 'SHORT_LIVED_CERTIFICATE');
    await h.createService('gateway');
    const first = await h.exportPca('colorgateway', ca, 'redeploy', ['mesh/gateway']);
    const firstSecret = (await h.currentSecret('colorgateway')).secret;
    t.equal(
      Math.round((Date.parse(firstSecret.notAfter) - Date.parse(firstSecret.notBefore)) / DAY_MS),
      7,
      'a 7-day certificate',
    );
    const deploymentsBefore = h.deploymentsOf('gateway').length;

    const serials = [first.serial];
    // Three weeks in 6-hour steps; the hourly sweep fires once per step (missed firings are not replayed).
    for (let step = 0; step < 4 * 21; step++) {
      await h.advance(6 * HOUR_S);
      await h.settle();
      const { secret } = await h.currentSecret('colorgateway');
      const now = h.now().getTime();
      const notBefore = Date.parse(secret.notBefore);
      const lifetime = Date.parse(secret.notAfter) - notBefore;
      // Never past 2/3 of the lifetime by more than one step: the sweep that first sees 2/3 re-issues.
      if (now - notBefore >= (2 / 3) * lifetime) {
        t.fail(
          `at step ${step} the stored certificate is ${((now - notBefore) / DAY_MS).toFixed(2)} days into a ${(lifetime / DAY_MS).toFixed(2)}-day life`,
        );
        break;
      }
      if (secret.serial !== serials.at(-1)) serials.push(secret.serial);
    }
    t.ok(serials.length >= 4, `re-issued ${serials.length - 1} times in three weeks`);
    t.equal(new Set(serials).size, serials.length, 'a new serial each time');
    t.equal(
      (await h.versions('colorgateway')).length,
      serials.length,
      'one version per certificate, no stray versions',
    );
    t.equal(h.deploymentsOf('gateway').length, deploymentsBefore + serials.length - 1, 'one roll per new version');

    const { secret } = await h.currentSecret('colorgateway');
    const leaf = parseCertificate(secret.certificate);
    t.same(leaf.dnsNames, ['colorgateway.mesh.local'], 'the same names');
    t.same(leaf.extendedKeyUsages, ['1.3.6.1.5.5.7.3.2'], 'the same role (client)');
    t.equal(secret.source, 'pca');
    t.equal(secret.caArn, ca.caArn);
    const sweeps = (await h.events('?detailType=Scheduled%20Event')).flatMap((e) => e.deliveries);
    t.ok(
      sweeps.every((d) => d.status === 'SUCCEEDED'),
      'every sweep succeeded',
    );
    t.equal(
      sweeps.reduce((n, d) => n + d.result.versionsWritten.length, 0),
      serials.length - 1,
      'the sweeps wrote them all',
    );
  },
);
