/**
 * SQS through an independent client, the AWS CLI: by default Debian's CLI v2
 * 2.9.19 (test/helpers/aws-cli.ts), whose botocore predates SQS's move to
 * JSON (late 2023) and speaks the AWS Query protocol (form-encoded requests,
 * XML answers). PCA_MTLS_SQS_AWS_CLI names another CLI, e.g. one with a
 * current botocore that speaks AWS JSON 1.0: the same checks hold for both.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import t, { type Test } from 'tap';
import { AWS_CLI, awsCli } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';

const SQS_CLI = process.env.PCA_MTLS_SQS_AWS_CLI ?? AWS_CLI;
const CLI_PRESENT = SQS_CLI.includes('/') ? existsSync(SQS_CLI) : spawnSync(SQS_CLI, ['--version']).status === 0;
/** `aws --version` prints aws-cli/1.x for CLI v1, which lacks --no-cli-pager. */
const V1 = CLI_PRESENT && /^aws-cli\/1\./.test(spawnSync(SQS_CLI, ['--version'], { encoding: 'utf8' }).stdout ?? '');
const SKIP = CLI_PRESENT ? false : `${SQS_CLI} is not installed (Debian: apt-get install awscli)`;

// About 50 CLI processes, each a second or more of Python start-up on a loaded machine: a file-wide bound
// well past tap's default, still one that proves nothing hangs.
t.setTimeout(360_000);

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

async function sqsCli(t: Test) {
  const local = await startTestAwsLocal(t);
  const sqs = (...args: string[]) => awsCli(local.url, ['sqs', ...args], { cli: SQS_CLI, v1: V1 });
  const ok = async (...args: string[]) => {
    const result = await sqs(...args);
    t.equal(result.exitCode, 0, `aws sqs ${args[0]} exits 0 ${result.stderr}`);
    return result.json;
  };
  /** A call that must fail with `code` (the CLI prints the error's code in its message). */
  const fails = async (code: string, ...args: string[]) => {
    const result = await sqs(...args);
    t.not(result.exitCode, 0, `aws sqs ${args[0]} fails`);
    t.match(result.stderr, `(${code})`, `aws sqs ${args[0]} fails with ${code}`);
  };
  const create = async (name: string, ...more: string[]): Promise<string> =>
    (await ok('create-queue', '--queue-name', name, ...more)).QueueUrl;
  return { local, sqs, ok, fails, create };
}

t.test('the CLI speaks a protocol aws-local serves', { skip: SKIP }, async (t) => {
  const local = await startTestAwsLocal(t);
  const debug = await awsCli(local.url, ['--debug', 'sqs', 'list-queues'], { cli: SQS_CLI, v1: V1 });
  t.equal(debug.exitCode, 0, debug.stderr.split('\n').at(-2) ?? '');
  const query = debug.stderr.includes('application/x-www-form-urlencoded');
  const json = debug.stderr.includes('application/x-amz-json-1.0');
  t.ok(query || json, 'the request was Query or JSON 1.0');
  t.comment(`${SQS_CLI} speaks SQS's ${query ? 'Query' : 'AWS JSON 1.0'} protocol`);
  t.same(
    (await local.control('GET', 'requests?service=sqs')).body.requests.map((r: any) => [r.operation, r.status]),
    [['ListQueues', 200]],
    'served by the same dispatcher as the JSON protocol (request log)',
  );
});

t.test('queues: attributes, tags, listing, purge, delete', { skip: SKIP }, async (t) => {
  const { local, ok, fails, create } = await sqsCli(t);
  const dlq = await create('renewals-dlq');
  t.equal(dlq, `${local.url}/000000000000/renewals-dlq`);
  const redrive = JSON.stringify({
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:renewals-dlq',
    maxReceiveCount: 5,
  });
  const url = await create(
    'renewals',
    '--attributes',
    JSON.stringify({ VisibilityTimeout: '300', RedrivePolicy: redrive }),
    '--tags',
    JSON.stringify({ team: 'mtls', tier: 'control' }),
  );
  t.same((await ok('list-queues', '--queue-name-prefix', 'renewals')).QueueUrls, [url, dlq]);
  t.equal((await ok('get-queue-url', '--queue-name', 'renewals')).QueueUrl, url);
  const all = (await ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All')).Attributes;
  t.match(all, {
    VisibilityTimeout: '300',
    QueueArn: 'arn:aws:sqs:us-east-1:000000000000:renewals',
    DelaySeconds: '0',
  });
  t.same(JSON.parse(all.RedrivePolicy), JSON.parse(redrive));
  await ok('set-queue-attributes', '--queue-url', url, '--attributes', 'DelaySeconds=2,MaximumMessageSize=2048');
  const some = await ok(
    'get-queue-attributes',
    '--queue-url',
    url,
    '--attribute-names',
    'DelaySeconds',
    'MaximumMessageSize',
  );
  t.same(some.Attributes, { DelaySeconds: '2', MaximumMessageSize: '2048' }, 'exactly the names asked for');
  await fails('InvalidAttributeName', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'Colour');

  t.same((await ok('list-queue-tags', '--queue-url', url)).Tags, { team: 'mtls', tier: 'control' });
  await ok('tag-queue', '--queue-url', url, '--tags', 'owner=platform');
  await ok('untag-queue', '--queue-url', url, '--tag-keys', 'tier', 'team');
  t.same((await ok('list-queue-tags', '--queue-url', url)).Tags, { owner: 'platform' });

  await ok('purge-queue', '--queue-url', url);
  await fails('AWS.SimpleQueueService.PurgeQueueInProgress', 'purge-queue', '--queue-url', url);
  await ok('delete-queue', '--queue-url', url);
  t.same((await ok('list-queues')).QueueUrls, [dlq]);
  await fails('AWS.SimpleQueueService.NonExistentQueue', 'get-queue-url', '--queue-name', 'renewals');
});

t.test('messages: attributes, visibility, delete; bodies round-trip exactly', { skip: SKIP }, async (t) => {
  const { ok, fails, create } = await sqsCli(t);
  const url = await create('renewals');
  // Line ends and XML's own characters must survive the XML answer unchanged.
  const body = '{"detail-type":"ACM Certificate Available"}\r\n<a & b>\t"quoted" \'single\' é ✓';
  const attributes = {
    identity: { DataType: 'String', StringValue: 'colorteller' },
    attempt: { DataType: 'Number', StringValue: '3' },
    raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
  };
  const args = ['--queue-url', url, '--message-body', body, '--message-attributes', JSON.stringify(attributes)];
  const sent = await ok('send-message', ...args);
  t.match(sent, { MessageId: /^[0-9a-f-]{36}$/, MD5OfMessageAttributes: /^[0-9a-f]{32}$/ });
  t.equal(sent.MD5OfMessageBody, md5(body), 'the MD5 of the body the CLI sent');
  const received = await ok(
    ...['receive-message', '--queue-url', url, '--attribute-names', 'All', '--message-attribute-names', 'All'],
    ...['--wait-time-seconds', '1', '--visibility-timeout', '60'],
  );
  t.equal(received.Messages.length, 1);
  const message = received.Messages[0];
  t.equal(message.Body, body, 'byte for byte');
  t.equal(message.MD5OfBody, md5(body));
  t.equal(message.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  t.match(message, { MessageId: sent.MessageId, Attributes: { ApproximateReceiveCount: '1', SenderId: /./ } });
  // CLI v1 sends a blob argument's text as the bytes; v2 decodes it from base64 first.
  const rawSent = V1 ? Buffer.from(attributes.raw.BinaryValue) : Buffer.from(attributes.raw.BinaryValue, 'base64');
  t.same(message.MessageAttributes, {
    ...attributes,
    raw: { DataType: 'Binary', BinaryValue: rawSent.toString('base64') },
  });
  const notVisible = await ok(
    ...['get-queue-attributes', '--queue-url', url, '--attribute-names', 'ApproximateNumberOfMessagesNotVisible'],
  );
  t.equal(notVisible.Attributes.ApproximateNumberOfMessagesNotVisible, '1');
  t.equal(await ok('receive-message', '--queue-url', url), undefined, 'in flight: the CLI prints nothing');
  const handle = message.ReceiptHandle;
  await ok('change-message-visibility', '--queue-url', url, '--receipt-handle', handle, '--visibility-timeout', '0');
  const again = (await ok('receive-message', '--queue-url', url)).Messages[0];
  t.equal(again.MessageId, sent.MessageId, 'visible again at once');
  t.equal(again.Attributes, undefined, 'no attributes unless asked for');
  await ok('delete-message', '--queue-url', url, '--receipt-handle', again.ReceiptHandle);
  t.equal(await ok('receive-message', '--queue-url', url), undefined, 'deleted');
  await fails('ReceiptHandleIsInvalid', 'delete-message', '--queue-url', url, '--receipt-handle', 'bogus');
  await fails('InvalidParameterValue', 'receive-message', '--queue-url', url, '--max-number-of-messages', '11');
});

t.test('batches: entries with attributes, per-entry failures', { skip: SKIP }, async (t) => {
  const { ok, fails, create } = await sqsCli(t);
  const url = await create('renewals');
  const entries = [
    { Id: 'a', MessageBody: 'one', MessageAttributes: { kind: { DataType: 'String', StringValue: 'acm' } } },
    { Id: 'b', MessageBody: 'two', DelaySeconds: 0 },
  ];
  const sent = await ok('send-message-batch', '--queue-url', url, '--entries', JSON.stringify(entries));
  t.same(sent.Successful.map((e: any) => [e.Id, e.MD5OfMessageBody]).sort(), [
    ['a', md5('one')],
    ['b', md5('two')],
  ]);
  t.match(
    sent.Successful.find((e: any) => e.Id === 'a'),
    { MD5OfMessageAttributes: /^[0-9a-f]{32}$/ },
  );
  t.notOk(sent.Failed?.length, 'nothing failed');
  const dup = JSON.stringify([entries[0], { ...entries[1], Id: 'a' }]);
  await fails(
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    'send-message-batch',
    '--queue-url',
    url,
    '--entries',
    dup,
  );

  const received = await ok(
    ...['receive-message', '--queue-url', url, '--max-number-of-messages', '10', '--message-attribute-names', 'All'],
  );
  t.same(received.Messages.map((m: any) => m.Body).sort(), ['one', 'two']);
  t.equal(received.Messages.find((m: any) => m.Body === 'one').MessageAttributes.kind.StringValue, 'acm');
  const handles = received.Messages.map((m: any, i: number) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle }));
  const changed = await ok(
    ...['change-message-visibility-batch', '--queue-url', url, '--entries'],
    JSON.stringify(handles.map((h: any) => ({ ...h, VisibilityTimeout: 120 }))),
  );
  t.same(changed.Successful.map((e: any) => e.Id).sort(), ['m0', 'm1']);
  const deleted = await ok(
    ...['delete-message-batch', '--queue-url', url, '--entries'],
    JSON.stringify([handles[0], { Id: 'bad', ReceiptHandle: 'bogus' }]),
  );
  t.same(deleted.Successful, [{ Id: 'm0' }]);
  t.match(deleted.Failed, [{ Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: /bogus/ }]);
  const left = await ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All');
  t.equal(left.Attributes.ApproximateNumberOfMessagesNotVisible, '1', 'the other message is still in flight');
});
