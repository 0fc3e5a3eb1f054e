/**
 * SQS through an AWS CLI whose botocore speaks SQS's AWS JSON 1.0 protocol
 * (AWS moved SQS from the Query protocol to JSON in late 2023). Debian's AWS
 * CLI v2 2.9.19 predates that and speaks Query, which aws-local does not
 * serve; this test therefore uses `aws` from PATH (e.g. a pip-installed CLI
 * v1 with a current botocore) or PCA_MTLS_SQS_AWS_CLI, and is skipped, with
 * the reason, when that CLI's requests do not arrive as JSON 1.0.
 */
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { awsCli } from '../helpers/aws-cli.js';
import { startTestAwsLocal } from '../helpers/aws-local.js';

const SQS_CLI = process.env.PCA_MTLS_SQS_AWS_CLI ?? 'aws';
/** `aws --version` prints aws-cli/1.x for CLI v1. */
const V1 = /^aws-cli\/1\./.test(spawnSync(SQS_CLI, ['--version'], { encoding: 'utf8' }).stdout ?? '');

t.test('SQS with an AWS CLI that speaks JSON 1.0', async (t) => {
  const local = await startTestAwsLocal(t);
  const sqs = (...args: string[]) => awsCli(local.url, ['sqs', ...args], { cli: SQS_CLI, v1: V1 });
  const probe = await sqs('list-queues');
  const served = (await local.control('GET', 'requests?service=sqs')).body.requests.length > 0;
  if (!served) {
    t.skip(
      `${SQS_CLI} does not speak SQS's JSON protocol (exit ${probe.exitCode}: ${probe.stderr.trim().split('\n').at(-1) ?? ''}); aws-local serves SQS as AWS JSON 1.0 only`,
      () => undefined,
    );
    return;
  }
  const ok = async (...args: string[]) => {
    const result = await sqs(...args);
    t.equal(result.exitCode, 0, `aws sqs ${args[0]} exits 0 ${result.stderr}`);
    return result.json;
  };
  const dlq = await ok('create-queue', '--queue-name', 'renewals-dlq');
  t.equal(dlq.QueueUrl, `${local.url}/000000000000/renewals-dlq`);
  const redrive = JSON.stringify({
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:renewals-dlq',
    maxReceiveCount: 5,
  });
  const queue = await ok(
    'create-queue',
    '--queue-name',
    'renewals',
    '--attributes',
    JSON.stringify({ VisibilityTimeout: '300', RedrivePolicy: redrive }),
  );
  const url: string = queue.QueueUrl;
  t.same((await ok('list-queues', '--queue-name-prefix', 'renewals')).QueueUrls, [url, dlq.QueueUrl]);

  const sent = await ok(
    'send-message',
    '--queue-url',
    url,
    '--message-body',
    '{"detail-type":"ACM Certificate Available"}',
    '--message-attributes',
    JSON.stringify({ identity: { DataType: 'String', StringValue: 'colorteller' } }),
  );
  t.match(sent, {
    MessageId: /^[0-9a-f-]{36}$/,
    MD5OfMessageBody: /^[0-9a-f]{32}$/,
    MD5OfMessageAttributes: /^[0-9a-f]{32}$/,
  });
  const received = await ok(
    'receive-message',
    '--queue-url',
    url,
    '--attribute-names',
    'All',
    '--message-attribute-names',
    'All',
    '--wait-time-seconds',
    '1',
  );
  const message = received.Messages[0];
  t.match(message, {
    MessageId: sent.MessageId,
    Body: '{"detail-type":"ACM Certificate Available"}',
    Attributes: { ApproximateReceiveCount: '1' },
  });
  t.equal(message.MessageAttributes.identity.StringValue, 'colorteller');
  t.equal(
    (await ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'ApproximateNumberOfMessagesNotVisible'))
      .Attributes.ApproximateNumberOfMessagesNotVisible,
    '1',
  );
  await ok(
    'change-message-visibility',
    '--queue-url',
    url,
    '--receipt-handle',
    message.ReceiptHandle,
    '--visibility-timeout',
    '0',
  );
  const again = await ok('receive-message', '--queue-url', url);
  t.equal(again.Messages[0].MessageId, sent.MessageId, 'visible again at once');
  await ok('delete-message', '--queue-url', url, '--receipt-handle', again.Messages[0].ReceiptHandle);
  t.equal(await ok('receive-message', '--queue-url', url), undefined, 'empty: the CLI prints nothing');

  const batch = await ok(
    'send-message-batch',
    '--queue-url',
    url,
    '--entries',
    JSON.stringify([
      { Id: 'a', MessageBody: 'one' },
      { Id: 'b', MessageBody: 'two' },
    ]),
  );
  t.equal(batch.Successful.length, 2);
  await ok('tag-queue', '--queue-url', url, '--tags', 'team=mtls');
  t.same((await ok('list-queue-tags', '--queue-url', url)).Tags, { team: 'mtls' });
  await ok('purge-queue', '--queue-url', url);
  const missing = await sqs('get-queue-url', '--queue-name', 'nope');
  t.not(missing.exitCode, 0);
  t.match(missing.stderr, /NonExistentQueue|QueueDoesNotExist/);
  await ok('delete-queue', '--queue-url', url);
});
