// The renew function behind an SQS event source mapping: each record's body is
// an EventBridge event; a record whose renewal failed retryably is named in
// batchItemFailures (SQS delivers it again), the others are deleted — a
// malformed body or an event the function does not handle is not retried.
import { DisableRuleCommand, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { createRenewHandler } from '../../../lambdas/renew-certificate/handler.ts';
import { parseRenewalOptions } from '../../../lib/renewal/renewal-options.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';
import { renewalHarness } from './harness.ts';

const DAY = 86_400_000;
const record = (messageId: string, body: unknown) => ({
  messageId,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  eventSource: 'aws:sqs' as const,
});
const available = (certificateArn: string) => ({
  version: '0',
  source: 'aws.acm',
  'detail-type': 'ACM Certificate Available',
  resources: [certificateArn],
  detail: { Action: 'RENEWAL' },
});

t.test('a batch: retryable failures come back, the rest is handled once', async (t) => {
  const h = await renewalHarness(t, { maxAttempts: 1 });
  // The test delivers the events itself: the installed rules stay quiet.
  for (const rule of (await h.clients.events.send(new ListRulesCommand({}))).Rules ?? [])
    await h.clients.events.send(new DisableRuleCommand({ Name: rule.Name }));
  const ca = await h.rootCa('Batch Root');
  const teller = await h.exportAcm('teller', ca, 'hot');
  const gateway = await h.exportAcm('gateway', ca, 'hot');
  await h.setClock(new Date(Math.max(Date.parse(teller.notAfter), Date.parse(gateway.notAfter)) - 60 * DAY + 5_000));
  await h.settle();

  const { lines, logger } = capturingLogger();
  // One record at a time, so the single injected fault falls on the first record.
  const handler = createRenewHandler({
    clients: h.functionClients,
    logger,
    now: h.now,
    options: parseRenewalOptions({ identityConcurrency: 1 }),
  });
  await h.local.control('POST', 'faults', {
    service: 'acm',
    operation: 'DescribeCertificate',
    error: 'ThrottlingException',
    rate: 1,
    count: 1,
  });
  const first = await handler({
    Records: [
      record('m-teller', available(teller.certificateArn!)),
      record('m-gateway', available(gateway.certificateArn!)),
      record('m-garbled', '{not json'),
      record('m-unknown', { source: 'shop.orders', 'detail-type': 'Order Placed', detail: {} }),
    ],
  });
  t.same(first, { batchItemFailures: [{ itemIdentifier: 'm-teller' }] }, 'only the throttled record comes back');
  t.equal((await h.currentSecret('gateway')).secret.serial, await h.acmSerial(gateway.certificateArn!));
  t.not((await h.currentSecret('teller')).secret.serial, await h.acmSerial(teller.certificateArn!), 'not yet');
  t.ok(
    lines.some((l) => l.includes('not JSON')),
    'the malformed body is logged',
  );
  t.notOk(
    lines.some((l) => l.includes('{not json')),
    'without its content',
  );

  // SQS delivers the failed record again (and, at least once, maybe a handled one too).
  const second = await handler({
    Records: [
      record('m-teller', available(teller.certificateArn!)),
      record('m-gateway', available(gateway.certificateArn!)),
    ],
  });
  t.same(second, { batchItemFailures: [] });
  t.equal((await h.currentSecret('teller')).secret.serial, await h.acmSerial(teller.certificateArn!));
  t.equal((await h.versions('gateway')).length, 2, 'the redelivered record wrote nothing new');
});

t.test('direct EventBridge invocations still get a summary', async (t) => {
  const h = await renewalHarness(t);
  const summary = await h.handler({ action: 'sweep' });
  t.equal(summary.trigger, 'sweep');
  t.same(summary.failures, []);
});
