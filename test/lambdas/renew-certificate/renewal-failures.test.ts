import { UpdateCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import { DisableRuleCommand } from '@aws-sdk/client-eventbridge';
import { RequestCertificateCommand } from '@aws-sdk/client-acm';
import t from 'tap';
import { waitUntilIssued } from '../../../lib/acm/wait-until-issued.ts';
import { FAST_TIMINGS } from '../../helpers/aws-local.ts';
import { DAY_MS, EVENT_RULE, renewalHarness, SWEEP_RULE } from './harness.ts';
import { nth } from '../../helpers/present.ts';

/** A small seeded generator (mulberry32): the injected faults fall the same way on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

t.test('with 30% ThrottlingException on ACM, Secrets Manager and ECS the renewal still completes, once', async (t) => {
  const h = await renewalHarness(t, { random: seeded(7), delivery: { initialBackoffMs: 20, maxAttempts: 6 } });
  const ca = await h.rootCa('Throttled Root');
  for (const name of ['teller', 'gw']) await h.createService(name);
  const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/teller']);
  const gateway = await h.exportAcm('colorgateway', ca, 'redeploy', ['mesh/gw']);
  const before = { teller: h.deploymentsOf('teller').length, gw: h.deploymentsOf('gw').length };
  await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
  const renewalPoint = (await h.notAfterOf(teller.certificateArn!)) - 60 * DAY_MS;
  for (const service of ['acm', 'secretsmanager', 'ecs']) {
    t.equal(
      (await h.local.control('POST', 'faults', { service, operation: '*', error: 'ThrottlingException', rate: 0.3 }))
        .status,
      201,
    );
  }

  await h.setClock(new Date(renewalPoint + 5_000));
  await h.settle();
  await h.local.control('DELETE', 'faults');

  const throttled = (await h.local.control('GET', 'requests')).body.requests.filter(
    (r: { errorType?: string }) => r.errorType === 'ThrottlingException',
  );
  // A renewal now takes about 7 calls per identity: a few throttled ones prove the retries were exercised.
  t.ok(throttled.length >= 2, `${throttled.length} requests were throttled`);
  for (const [identity, exported] of [
    ['colorteller', teller],
    ['colorgateway', gateway],
  ] as const) {
    t.equal(
      (await h.currentSecret(identity)).secret.serial,
      await h.acmSerial(exported.certificateArn!),
      `${identity}: at ACM's new serial`,
    );
    t.equal((await h.versions(identity)).length, 2, `${identity}: one new version`);
  }
  t.equal(h.deploymentsOf('teller').length, before.teller + 1, 'teller rolled once');
  t.equal(h.deploymentsOf('gw').length, before.gw + 1, 'gw rolled once');
  const deliveries = (await h.events('?detailType=ACM%20Certificate%20Available')).flatMap((e) => e.deliveries);
  t.ok(
    deliveries.every((d) => d.status === 'SUCCEEDED'),
    `every delivery succeeded (attempts: ${deliveries.map((d) => d.attempts).join(', ')})`,
  );
});

t.test(
  "a disabled CA: Renewal Action Required is reported with the reason and a metric, not retried; the sweep reports the CA's state; nothing is written",
  async (t) => {
    const h = await renewalHarness(t);
    const ca = await h.rootCa('Disabled Root');
    await h.createService('teller');
    const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/teller']);
    const deploymentsBefore = h.deploymentsOf('teller').length;
    await h.clients.pca.send(
      new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: ca.caArn, Status: 'DISABLED' }),
    );
    await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
    const notAfter = await h.notAfterOf(teller.certificateArn!);

    // ACM's first attempt (60 days) fails silently; the retry at 45 days publishes Renewal Action Required.
    await h.setClock(new Date(notAfter - 60 * DAY_MS + 5_000));
    await h.settle();
    t.same(await h.events('?detailType=ACM%20Certificate%20Renewal%20Action%20Required'), []);
    await h.setClock(new Date(notAfter - 45 * DAY_MS + 5_000));
    await h.settle();
    const required = nth(
      await h.events('?detailType=ACM%20Certificate%20Renewal%20Action%20Required'),
      0,
      'the required events',
    );
    t.equal(required.detail.RenewalStatusReason, 'PCA_INVALID_STATE');
    t.equal(required.detail.DaysToExpiry, 45);
    t.match(required.deliveries, [{ status: 'SUCCEEDED', attempts: 1 }], 'handled once: no retry storm');
    t.match(nth(required.deliveries, 0).result.failures, [
      {
        identity: 'colorteller',
        code: 'ACM_RENEWAL_ACTION_REQUIRED',
        retryable: false,
        reason: /PCA_INVALID_STATE \(45 days left\)\. Make the CA ACTIVE again/,
      },
    ]);
    const line = h.logs.map((l) => JSON.parse(l)).find((l) => l.RenewalActionRequired === 1);
    t.ok(line, 'an error line carrying the RenewalActionRequired metric');
    t.match(line, {
      level: 50,
      Identity: 'colorteller',
      Reason: 'PCA_INVALID_STATE',
      _aws: { CloudWatchMetrics: [{ Namespace: 'pca-mtls', Metrics: [{ Name: 'RenewalActionRequired' }] }] },
    });

    // Inside the threshold the sweep asks ACM itself; ACM fails the same way, and the report names the CA's state.
    await h.setClock(new Date(notAfter - 40 * DAY_MS));
    await h.settle();
    const sweep = await h.handler({ action: 'sweep' });
    t.match(sweep.failures, [
      {
        identity: 'colorteller',
        code: 'ACM_RENEWAL_FAILED',
        retryable: false,
        reason: new RegExp(`PCA_INVALID_STATE; Private CA ${ca.caArn} is DISABLED`),
      },
    ]);
    t.same(sweep.renewalsRequested, ['colorteller']);
    t.same(sweep.versionsWritten, []);
    const approaching = (await h.events('?detailType=ACM%20Certificate%20Approaching%20Expiration')).at(-1)!;
    t.match(
      approaching.deliveries[0],
      { status: 'SUCCEEDED', attempts: 1, result: { failures: [{ code: 'ACM_RENEWAL_FAILED' }] } },
      'the expiry notice tried RenewCertificate and reported, without retries',
    );
    t.equal((await h.versions('colorteller')).length, 1, 'nothing written');
    t.equal(h.deploymentsOf('teller').length, deploymentsBefore, 'nothing rolled');

    await h.setClock(new Date(notAfter + 1_000));
    await h.settle();
    const expired = nth(await h.events('?detailType=ACM%20Certificate%20Expired'), 0, 'the expired events');
    t.match(nth(expired.deliveries, 0), {
      status: 'SUCCEEDED',
      result: { failures: [{ code: 'CERTIFICATE_EXPIRED' }] },
    });
    t.ok(
      h.logs.map((l) => JSON.parse(l)).some((l) => l.CertificateExpired === 1 && l.level === 50),
      'an error line with the CertificateExpired metric',
    );
  },
);

t.test(
  'Approaching Expiration for a certificate ACM did not renew: RenewCertificate, wait for the new serial, re-export',
  async (t) => {
    const h = await renewalHarness(t);
    const ca = await h.rootCa('Approaching Root');
    const teller = await h.exportAcm('colorteller', ca, 'hot');
    await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
    const notAfter = await h.notAfterOf(teller.certificateArn!);
    // Without its permission on the CA, ACM's own attempts at 60 and 45 days fail, and so does the RenewCertificate
    // the 45-day notice makes the function send (reported, not retried).
    const { DeletePermissionCommand, CreatePermissionCommand } = await import('@aws-sdk/client-acm-pca');
    await h.clients.pca.send(
      new DeletePermissionCommand({ CertificateAuthorityArn: ca.caArn, Principal: 'acm.amazonaws.com' }),
    );
    await h.setClock(new Date(notAfter - 45 * DAY_MS + 60_000));
    await h.settle();
    const first = nth(
      await h.events('?detailType=ACM%20Certificate%20Approaching%20Expiration'),
      0,
      'the first events',
    );
    t.equal(first.detail.DaysToExpiry, 45);
    t.match(nth(first.deliveries, 0), {
      status: 'SUCCEEDED',
      attempts: 1,
      result: {
        renewalsRequested: ['colorteller'],
        failures: [{ code: 'ACM_RENEWAL_FAILED', reason: /PCA_ACCESS_DENIED.*Grant acm\.amazonaws\.com/ }],
      },
    });
    t.equal((await h.currentSecret('colorteller')).secret.serial, teller.serial, 'not renewed yet');

    // Fixed; ACM's next own attempt would be at 30 days, but the 44-day notice does not wait for it.
    await h.clients.pca.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: ca.caArn,
        Principal: 'acm.amazonaws.com',
        Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      }),
    );
    await h.advance(86_400);
    await h.settle();
    const second = (await h.events('?detailType=ACM%20Certificate%20Approaching%20Expiration')).at(-1)!;
    t.equal(second.detail.DaysToExpiry, 44);
    t.match(second.deliveries[0], {
      status: 'SUCCEEDED',
      result: { renewalsRequested: ['colorteller'], versionsWritten: [{ identity: 'colorteller' }], failures: [] },
    });
    const current = await h.currentSecret('colorteller');
    t.equal(current.secret.serial, await h.acmSerial(teller.certificateArn!));
    t.not(current.secret.serial, teller.serial);
    t.equal((await h.versions('colorteller')).length, 2);
    t.equal(
      (await h.requests('RenewCertificate')).filter((r) => r.status === 200).length,
      2,
      'one RenewCertificate per notice',
    );

    // The next day's notice finds the new certificate stored: nothing more.
    await h.advance(86_400);
    await h.settle();
    t.equal((await h.versions('colorteller')).length, 2);
    t.equal((await h.requests('RenewCertificate')).filter((r) => r.status === 200).length, 2);
  },
);

t.test('an event for a certificate no secret is bound to is ignored with one info line', async (t) => {
  const h = await renewalHarness(t);
  const ca = await h.rootCa('Unbound Root');
  const { CertificateArn } = await h.clients.acm.send(
    new RequestCertificateCommand({
      DomainName: 'stranger.mesh.local',
      CertificateAuthorityArn: ca.caArn,
      KeyAlgorithm: 'EC_prime256v1',
    }),
  );
  await waitUntilIssued(h.clients.acm, CertificateArn!);
  const event = {
    version: '0',
    id: 'x',
    'detail-type': 'ACM Certificate Available',
    source: 'aws.acm',
    account: '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [CertificateArn],
    detail: { Action: 'RENEWAL' },
  };
  const summary = await h.handler(event);
  t.same(summary.identitiesChecked, []);
  t.same(summary.failures, []);
  t.same(summary.notes, [`no pca-mtls secret is bound to ${CertificateArn}`]);
  const lines = h.logs
    .map((l) => JSON.parse(l))
    .filter((l) => l.msg === 'certificate not bound to any pca-mtls identity; ignored');
  t.equal(lines.length, 1);
  t.equal(lines[0].level, 30, 'info');
  t.equal(lines[0].certificateArn, CertificateArn);

  const unknown = await h.handler({ source: 'shop.orders', 'detail-type': 'Order Placed', detail: {} });
  t.match(
    unknown.failures,
    [{ code: 'UNRECOGNIZED_EVENT', retryable: false }],
    'a stray event is reported, not retried',
  );
  const issuance = await h.handler({ ...event, detail: { Action: 'ISSUANCE' } });
  t.same([issuance.failures, issuance.identitiesChecked], [[], []], 'ISSUANCE needs nothing');
});

t.test('the event rule off, then back on: deliveries resume through the same rule', async (t) => {
  const h = await renewalHarness(t);
  t.same((await h.local.control('GET', 'lambdas')).body.functions, ['pca-mtls-renew']);
  const rules = (
    await h.clients.events.send(
      new (await import('@aws-sdk/client-eventbridge')).ListRulesCommand({ NamePrefix: 'pca-mtls-' }),
    )
  ).Rules!;
  t.same(
    rules.map((r) => [r.Name, r.State, r.ScheduleExpression]),
    [
      [EVENT_RULE, 'ENABLED', undefined],
      [SWEEP_RULE, 'ENABLED', 'rate(1 hour)'],
    ],
  );
});

t.test(
  'a renewal nobody re-exported leaves the certificate INELIGIBLE: the sweep flags it, re-exports it, and ACM reports ELIGIBLE again',
  async (t) => {
    const h = await renewalHarness(t);
    const ca = await h.rootCa('Ineligible Root');
    const teller = await h.exportAcm('colorteller', ca, 'hot');
    // The RENEWAL event is lost (rule off), so nothing re-exports until the sweep runs.
    await h.clients.events.send(new DisableRuleCommand({ Name: EVENT_RULE }));
    await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
    const { RenewCertificateCommand, DescribeCertificateCommand } = await import('@aws-sdk/client-acm');
    const describeIt = async () =>
      (await h.clients.acm.send(new DescribeCertificateCommand({ CertificateArn: teller.certificateArn })))
        .Certificate!;
    await h.clients.acm.send(new RenewCertificateCommand({ CertificateArn: teller.certificateArn }));
    // Past acm.renew and past the sweep's grace for a fresh RENEWAL event.
    await h.advance(3_600);
    await h.settle();
    t.equal((await describeIt()).RenewalEligibility, 'INELIGIBLE', 'renewed, not exported since');

    const sweep = await h.handler({ action: 'sweep' });
    t.same(sweep.renewalIneligible, ['colorteller']);
    t.match(sweep.notes, [/colorteller: ACM certificate .* is INELIGIBLE for managed renewal .*re-exporting it now/]);
    t.equal(sweep.versionsWritten.length, 1, 'the sweep re-exported the renewed certificate');
    t.same(sweep.failures, []);
    t.equal((await h.currentSecret('colorteller')).secret.serial, await h.acmSerial(teller.certificateArn!));
    t.equal((await describeIt()).RenewalEligibility, 'ELIGIBLE', 'exported again: ACM will renew it again');

    const quiet = await h.handler({ action: 'sweep' });
    t.same(quiet.renewalIneligible, [], 'nothing to flag once re-exported');
  },
);

t.test(
  'a failed ECS rollout (circuit breaker with rollback) is reported by the next sweep, never counted as rolled, and redeployed within the claim rules',
  async (t) => {
    // Rollouts take 20 minutes, longer than the 15-minute roll lease, as ECS rollouts often do.
    const h = await renewalHarness(t, { timings: { ...FAST_TIMINGS, 'ecs.rollout': 20 * 60_000 } });
    const ca = await h.rootCa('Rollout Root');
    await h.createService('teller');
    const { UpdateServiceCommand, DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
    await h.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: 'mesh',
        service: 'teller',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    const teller = await h.exportAcm('colorteller', ca, 'redeploy', ['mesh/teller']);
    await h.clients.events.send(new DisableRuleCommand({ Name: SWEEP_RULE }));
    const deployments = async () =>
      (await h.clients.ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['teller'] }))).services!.at(
        0,
      )!.deployments!;

    // The next UpdateService starts a rollout that fails.
    const fault = await h.local.control('POST', 'faults', {
      service: 'ecs',
      operation: 'UpdateService',
      effect: 'ecs-rollout-failure',
      count: 1,
    });
    t.equal(fault.status, 201);
    await h.setClock(new Date((await h.notAfterOf(teller.certificateArn!)) - 60 * DAY_MS + 5_000));
    await h.settle();
    const renewal = (await h.events('?detailType=ACM%20Certificate%20Available'))
      .filter((e) => e.detail.Action === 'RENEWAL')
      .at(0)!;
    const delivery = renewal.deliveries.at(0)!;
    t.match(delivery.result, {
      servicesRolled: [{ identity: 'colorteller', service: 'mesh/teller' }],
      failures: [],
    });
    const rolledId = delivery.result.servicesRolled[0].deploymentId;

    await h.advance(21 * 60);
    const afterFailure = await deployments();
    t.match(afterFailure, [
      { status: 'PRIMARY', rolloutState: 'IN_PROGRESS' },
      { id: rolledId, status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: /circuit breaker/ },
    ]);
    t.not(afterFailure.at(0)!.id, rolledId, 'the circuit breaker rolls back with a deployment of its own');

    const sweep = await h.handler({ action: 'sweep' });
    t.match(sweep.failures, [
      { identity: 'colorteller', service: 'mesh/teller', code: 'ROLLOUT_FAILED', retryable: false, reason: /FAILED/ },
    ]);
    t.equal(sweep.servicesRolled.length, 1, 'redeployed again by the sweep (the lease has passed)');
    t.not(sweep.servicesRolled.at(0)!.deploymentId, rolledId);
    t.same(sweep.versionsWritten, [], 'nothing new to write');

    await h.advance(21 * 60);
    t.match(await deployments(), [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }]);
    const quiet = await h.handler({ action: 'sweep' });
    t.same(quiet.failures, [], 'the redeploy completed: nothing to report');
    t.same(quiet.servicesRolled, [], 'and nothing to roll');
  },
);
