import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { verifyIdentityMaterial } from '../../../lib/pki/index.ts';
import { ROLL_STAGE } from '../../../lib/renewal/roll-services.ts';
import { assertNoSecretsLogged, DAY_MS, EVENT_RULE, renewalHarness, SWEEP_RULE } from './harness.ts';
import { nth, present } from '../../helpers/present.ts';

t.test(
  'ACM renews at 60 days → event → renew Lambda → one new version with the new serial; redeploy rolls exactly the bound service, hot rolls nothing',
  async (t) => {
    const h = await renewalHarness(t);
    const ca = await h.rootCa('E2E Root');
    await h.createService('colorteller');
    await h.createService('colorgateway');
    await h.createService('unrelated');
    const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/colorteller']);
    const gateway = await h.exportAcm('colorgateway', ca, 'hot', ['mesh/colorgateway']);
    const before = { teller: await h.currentSecret('colorteller'), gateway: await h.currentSecret('colorgateway') };
    const deploymentsBefore = {
      teller: h.deploymentsOf('colorteller').length,
      gateway: h.deploymentsOf('colorgateway').length,
      unrelated: h.deploymentsOf('unrelated').length,
    };
    // The sweep would fire in the same clock jump and race the events; this test is about the events.
    await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));

    const renewalPoint = (await h.notAfterOf(teller.certificateArn!)) - 60 * DAY_MS;
    await h.setClock(new Date(renewalPoint + 5_000));
    await h.settle();

    const renewals = (await h.events('?detailType=ACM%20Certificate%20Available')).filter(
      (e) => e.detail.Action === 'RENEWAL',
    );
    t.same(
      renewals.map((e) => e.resources[0]).sort(),
      [teller.certificateArn, gateway.certificateArn].sort(),
      'one RENEWAL event per certificate',
    );
    for (const event of renewals) {
      t.same(event.rules, ['pca-mtls-acm-events']);
      t.equal(event.deliveries.length, 1);
      t.match(event.deliveries[0], {
        targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-renew',
        status: 'SUCCEEDED',
        attempts: 1,
      });
    }
    const tellerEvent = present(
      renewals.find((e) => e.resources[0] === teller.certificateArn),
      'the renewal event of colorteller',
    );
    const tellerSummary = nth(tellerEvent.deliveries, 0).result;
    t.match(tellerSummary, {
      trigger: 'ACM Certificate Available',
      identitiesChecked: ['colorteller'],
      failures: [],
      servicesRolled: [{ identity: 'colorteller', service: 'mesh/colorteller' }],
    });
    t.equal(tellerSummary.versionsWritten.length, 1);

    for (const [identity, exported, old] of [
      ['colorteller', teller, before.teller],
      ['colorgateway', gateway, before.gateway],
    ] as const) {
      const now = await h.currentSecret(identity);
      const acmSerial = await h.acmSerial(exported.certificateArn!);
      t.not(acmSerial, exported.serial, `${identity}: ACM has a new serial`);
      t.equal(now.secret.serial, acmSerial, `${identity}: AWSCURRENT holds ACM's new serial`);
      t.not(now.versionId, old.versionId);
      t.equal((await h.versions(identity)).length, 2, `${identity}: exactly one new version`);
      const verified = verifyIdentityMaterial({
        certificatePem: now.secret.certificate,
        chainPem: now.secret.certificateChain,
        encryptedKeyPem: now.secret.privateKey,
        passphrase: now.secret.passphrase,
        role: 'both',
        now: h.now(),
        expectedDns: [`${identity}.mesh.local`],
      });
      t.equal(
        verified.serial.replace(/^0+/, ''),
        acmSerial.replace(/^0+/, ''),
        'the stored material verifies and carries that serial',
      );
    }

    const tellerDeployments = h.deploymentsOf('colorteller');
    t.equal(
      tellerDeployments.length,
      deploymentsBefore.teller + 1,
      'redeploy: one new deployment of the bound service',
    );
    t.equal(
      tellerSummary.servicesRolled[0].deploymentId,
      tellerDeployments.at(-1)!.id,
      'the summary names the new PRIMARY deployment',
    );
    t.ok(tellerDeployments.at(-1)!.createdAt >= renewalPoint, 'created after the renewal');
    t.equal(
      h.deploymentsOf('colorgateway').length,
      deploymentsBefore.gateway,
      'hot: no deployment; the agent watches the new AWSCURRENT',
    );
    t.equal(h.deploymentsOf('unrelated').length, deploymentsBefore.unrelated, 'unbound services are left alone');
    const rolledStage = (await h.versions('colorteller')).find((v) => v.VersionStages?.includes(ROLL_STAGE));
    t.equal(
      rolledStage?.VersionId,
      (await h.currentSecret('colorteller')).versionId,
      'the roll is recorded on the new version',
    );
    t.notOk(
      (await h.versions('colorgateway')).some((v) => v.VersionStages?.includes(ROLL_STAGE)),
      'hot identities carry no roll mark',
    );

    assertNoSecretsLogged(t, h.logs, [
      before.teller.secret,
      before.gateway.secret,
      (await h.currentSecret('colorteller')).secret,
      (await h.currentSecret('colorgateway')).secret,
    ]);
    t.match(h.logs.join(''), /"msg":"renewal summary"/);
  },
);

t.test(
  "lost event: with the event rule disabled, the hourly reconcile sweep alone brings the secret to ACM's current serial and rolls once",
  async (t) => {
    const h = await renewalHarness(t);
    const ca = await h.rootCa('Lost Event Root');
    await h.createService('colorteller');
    const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/colorteller']);
    await h.clients.events.send(new DisableRuleCommand({ Name: EVENT_RULE }));
    // The sweep is off during the jump too, so it cannot fire in the same catch-up as the renewal.
    await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
    const deploymentsBefore = h.deploymentsOf('colorteller').length;

    const renewalPoint = (await h.notAfterOf(teller.certificateArn!)) - 60 * DAY_MS;
    await h.setClock(new Date(renewalPoint + 5_000));
    await h.settle();
    const renewal = (await h.events('?detailType=ACM%20Certificate%20Available')).find(
      (e) => e.detail.Action === 'RENEWAL',
    )!;
    t.same(renewal.deliveries, [], 'the event reached no target');
    t.equal(
      (await h.currentSecret('colorteller')).secret.serial,
      teller.serial,
      'the secret still holds the old serial',
    );

    await h.clients.events.send(new EnableRuleCommand({ Name: SWEEP_RULE }));
    await h.advance(3_600);
    await h.settle();
    const sweeps = await h.events('?detailType=Scheduled%20Event');
    t.ok(sweeps.length >= 1);
    const summary = nth(nth(sweeps, -1, 'sweeps').deliveries, 0).result;
    t.match(summary, {
      trigger: 'Scheduled Event',
      failures: [],
      versionsWritten: [{ identity: 'colorteller' }],
      servicesRolled: [{ service: 'mesh/colorteller' }],
    });
    t.equal(
      (await h.currentSecret('colorteller')).secret.serial,
      await h.acmSerial(teller.certificateArn!),
      'the sweep caught up',
    );
    t.equal((await h.versions('colorteller')).length, 2);
    t.equal(h.deploymentsOf('colorteller').length, deploymentsBefore + 1);

    await h.advance(3_600);
    await h.settle();
    t.equal((await h.versions('colorteller')).length, 2, 'the next sweep writes nothing');
    t.equal(h.deploymentsOf('colorteller').length, deploymentsBefore + 1, 'and rolls nothing');
  },
);

t.test('the same event delivered 5 times writes one version and rolls each bound service once', async (t) => {
  const h = await renewalHarness(t);
  const ca = await h.rootCa('Duplicates Root');
  for (const name of ['teller-a', 'teller-b']) await h.createService(name);
  const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/teller-a', 'mesh/teller-b']);
  const before = { a: h.deploymentsOf('teller-a').length, b: h.deploymentsOf('teller-b').length };
  await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));

  const notAfter = await h.notAfterOf(teller.certificateArn!);
  await h.setClock(new Date(notAfter - 60 * DAY_MS + 5_000));
  const event = (await h.events('?detailType=ACM%20Certificate%20Available')).find(
    (e) => e.detail.Action === 'RENEWAL',
  )!;
  // Four more copies while the first is under way: five overlapping deliveries of one event.
  t.equal((await h.local.control('POST', 'events/redeliver', { id: event.id, times: 4 })).status, 202);
  await h.settle();
  const deliveries = (await h.events('?detailType=ACM%20Certificate%20Available')).find(
    (e) => e.id === event.id,
  )!.deliveries;
  t.equal(deliveries.length, 5);
  t.ok(
    deliveries.every((d) => d.status === 'SUCCEEDED' && d.attempts === 1),
    'all five succeeded at once',
  );
  t.equal(
    deliveries.reduce((n, d) => n + d.result.versionsWritten.length, 0),
    1,
    'one of them wrote the version',
  );
  t.equal(
    deliveries.reduce((n, d) => n + d.result.servicesRolled.length, 0),
    2,
    'the two services were rolled once in all',
  );
  t.equal((await h.versions('colorteller')).length, 2);
  t.equal((await h.currentSecret('colorteller')).secret.serial, await h.acmSerial(teller.certificateArn!));
  t.equal(h.deploymentsOf('teller-a').length, before.a + 1);
  t.equal(h.deploymentsOf('teller-b').length, before.b + 1);
  const exports = (await h.requests('PutSecretValue')).filter((r) => r.status === 200);
  t.equal(exports.length, 1, 'one PutSecretValue reached Secrets Manager');
});

t.test('two sweeps overlapping write one version per new serial and roll each bound service once', async (t) => {
  const h = await renewalHarness(t);
  const ca = await h.rootCa('Overlap Root');
  for (const name of ['teller-a', 'gw-a', 'gw-b']) await h.createService(name);
  const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/teller-a']);
  const gateway = await h.exportAcm('colorgateway', ca, 'redeploy', ['mesh/gw-a', 'mesh/gw-b']);
  const before = {
    teller: h.deploymentsOf('teller-a').length,
    a: h.deploymentsOf('gw-a').length,
    b: h.deploymentsOf('gw-b').length,
  };
  // Both events lost and no scheduled sweep: the two overlapping sweeps below find all the work.
  await h.clients.events.send(new DisableRuleCommand({ Name: EVENT_RULE }));
  await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
  await h.setClock(new Date((await h.notAfterOf(teller.certificateArn!)) - 60 * DAY_MS + 5_000));
  await h.settle();
  t.equal((await h.currentSecret('colorgateway')).secret.serial, gateway.serial, 'nothing renewed the secrets yet');
  const sweep = (id: string) => ({
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: h.now().toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:000000000000:rule/pca-mtls-reconcile-sweep'],
    detail: {},
  });
  const early = await h.handler(sweep('early'));
  t.same(early.versionsWritten, [], 'a sweep right after ACM renewed leaves the work to the RENEWAL events');
  t.match(early.notes, [
    /^colorgateway, colorteller: ACM renewed them within the event grace; left to their RENEWAL events$/,
  ]);
  t.equal(early.sweep?.due, 0, 'decided from the listing: no identity read');
  // Past that grace period the sweep takes over: these events were lost.
  await h.advance(15 * 60);

  const summaries = await Promise.all([h.handler(sweep('one')), h.handler(sweep('two'))]);
  t.same(
    summaries.flatMap((s) => s.failures),
    [],
  );
  const written = summaries.flatMap((s) => s.versionsWritten.map((v) => v.identity)).sort();
  t.same(written, ['colorgateway', 'colorteller'], 'each identity written once, by one of the two');
  const rolled = summaries.flatMap((s) => s.servicesRolled.map((r) => r.service)).sort();
  t.same(rolled, ['mesh/gw-a', 'mesh/gw-b', 'mesh/teller-a'], 'each service rolled once, by one of the two');
  for (const identity of ['colorteller', 'colorgateway'])
    t.equal((await h.versions(identity)).length, 2, `${identity}: one new version`);
  t.equal((await h.currentSecret('colorgateway')).secret.serial, await h.acmSerial(gateway.certificateArn!));
  t.equal(h.deploymentsOf('teller-a').length, before.teller + 1);
  t.equal(h.deploymentsOf('gw-a').length, before.a + 1);
  t.equal(h.deploymentsOf('gw-b').length, before.b + 1);

  const again = await Promise.all([h.handler(sweep('three')), h.handler(sweep('four'))]);
  t.same(
    again.flatMap((s) => [...s.versionsWritten, ...s.servicesRolled]),
    [],
    'later sweeps find nothing to do',
  );
});
