import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import t from 'tap';
import { startTestAwsLocal, type Teardown, type TestAwsLocal } from '../../../helpers/aws-local.ts';

async function queueFor(t: Teardown, attributes: Record<string, string> = {}) {
  const local = await startTestAwsLocal(t);
  const sqs = new SQSClient(local.clientConfig);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work', Attributes: attributes }));
  return { local, sqs, QueueUrl: QueueUrl! };
}

const advance = (local: TestAwsLocal, seconds: number) => local.control('POST', 'clock', { advanceSeconds: seconds });

/** SQS's documented digest of message attributes, written out independently of the emulator's. */
function expectedAttributesMd5(
  attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>,
) {
  const parts: Buffer[] = [];
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const [name, a] of Object.entries(attributes).sort(([x], [y]) => x.localeCompare(y))) {
    field(Buffer.from(name));
    field(Buffer.from(a.DataType));
    if (a.BinaryValue) {
      parts.push(Buffer.from([2]));
      field(Buffer.from(a.BinaryValue));
    } else {
      parts.push(Buffer.from([1]));
      field(Buffer.from(a.StringValue ?? ''));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}

t.test('send and receive: MD5s, attributes, receive count, visibility timeout on the shared clock', async (t) => {
  const { local, sqs, QueueUrl } = await queueFor(t, { VisibilityTimeout: '30' });
  const attributes = {
    identity: { DataType: 'String', StringValue: 'colorteller' },
    attempt: { DataType: 'Number', StringValue: '2' },
    blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
  };
  const sent = await sqs.send(
    new SendMessageCommand({ QueueUrl, MessageBody: 'héllo', MessageAttributes: attributes }),
  );
  t.equal(sent.MD5OfMessageBody, createHash('md5').update('héllo').digest('hex'));
  t.equal(sent.MD5OfMessageAttributes, expectedAttributesMd5(attributes));

  const first = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
  );
  const message = first.Messages?.[0];
  t.equal(message?.Body, 'héllo');
  t.equal(message?.MessageId, sent.MessageId);
  t.equal(message?.Attributes?.ApproximateReceiveCount, '1');
  t.equal(message?.MessageAttributes?.identity?.StringValue, 'colorteller');
  t.same([...(message?.MessageAttributes?.blob?.BinaryValue ?? [])], [0, 1, 2, 255]);
  t.equal(message?.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);

  t.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined, 'hidden while in flight');
  const counts = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  t.equal(counts.Attributes?.ApproximateNumberOfMessagesNotVisible, '1');

  await advance(local, 31);
  const second = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
  );
  t.equal(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2', 'back after the visibility timeout');
  t.not(second.Messages?.[0]?.ReceiptHandle, message?.ReceiptHandle, 'a new receipt handle per receive');

  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message!.ReceiptHandle! }));
  await advance(local, 31);
  t.equal(
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.length,
    1,
    'a stale handle deletes nothing',
  );
  await t.rejects(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-a-handle' })), {
    name: 'ReceiptHandleIsInvalid',
  });
});

t.test('ChangeMessageVisibility: 0 returns a message at once; a message not in flight is refused', async (t) => {
  const { sqs, QueueUrl } = await queueFor(t);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  const handle = received.Messages?.at(0)?.ReceiptHandle ?? '';
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }));
  const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  t.equal(again.Messages?.length, 1);
  await t.rejects(
    sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 10 })),
    { name: 'MessageNotInflight' },
    'the older handle no longer refers to the in-flight receive',
  );
});

t.test('a message received maxReceiveCount times moves to the dead-letter queue', async (t) => {
  const local = await startTestAwsLocal(t);
  const sqs = new SQSClient(local.clientConfig);
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
  const redrive = JSON.stringify({
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:work-dlq',
    maxReceiveCount: 2,
  });
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'work', Attributes: { RedrivePolicy: redrive, VisibilityTimeout: '10' } }),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
  for (let i = 0; i < 2; i++) {
    t.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.length, 1, `receive ${i + 1}`);
    await advance(local, 11);
  }
  t.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined, 'not returned a third time');
  const dead = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl, MessageSystemAttributeNames: ['All'] }),
  );
  t.equal(dead.Messages?.[0]?.Body, 'poison');
  t.equal(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn, 'arn:aws:sqs:us-east-1:000000000000:work');
});

t.test('batches: per-entry results, entry rules, up to 10 per receive', async (t) => {
  const { sqs, QueueUrl } = await queueFor(t);
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body-${i}` }));
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
  t.equal(sent.Successful?.length, 10);
  t.same(sent.Failed ?? [], []);
  const mixed = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl,
      Entries: [
        { Id: 'ok', MessageBody: 'x' },
        { Id: 'bad', MessageBody: '\u0000' },
      ],
    }),
  );
  t.same(
    mixed.Successful?.map((s) => s.Id),
    ['ok'],
  );
  t.match(mixed.Failed, [{ Id: 'bad', SenderFault: true, Code: 'InvalidMessageContents' }]);
  await t.rejects(
    sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [...entries, { Id: 'm10', MessageBody: 'x' }] })),
    {
      name: 'TooManyEntriesInBatchRequest',
    },
  );
  await t.rejects(
    sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'x' },
          { Id: 'a', MessageBody: 'y' },
        ],
      }),
    ),
    { name: 'BatchEntryIdsNotDistinct' },
  );
  await t.rejects(sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })), {
    name: 'InvalidParameterValue',
    message: /Must be between 1 and 10/,
  });

  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  t.same(
    received.Messages?.map((m) => m.Body),
    entries.map((e) => e.MessageBody),
    'in send order',
  );
  const deleted = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl,
      Entries: received.Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
    }),
  );
  t.equal(deleted.Successful?.length, 10);
  const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  t.equal(left.Attributes?.ApproximateNumberOfMessages, '1', 'only the batch-sent "x" is left');
  t.equal(left.Attributes?.ApproximateNumberOfMessagesNotVisible, '0');
});

t.test('delays and long polling', async (t) => {
  const { local, sqs, QueueUrl } = await queueFor(t);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 60 }));
  const counts = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }),
  );
  t.equal(counts.Attributes?.ApproximateNumberOfMessagesDelayed, '1');
  t.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined, 'delayed');
  await advance(local, 61);
  t.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body, 'later');

  // A long poll on an empty queue returns the message sent while it waits (the 20 s wait bounds a hang).
  const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'arrived' }));
  t.equal((await waiting).Messages?.[0]?.Body, 'arrived');
  const started = Date.now();
  const empty = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
  t.equal(empty.Messages, undefined);
  t.ok(Date.now() - started >= 900, 'an empty long poll waits its WaitTimeSeconds');
  await t.rejects(sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 })), {
    name: 'InvalidParameterValue',
  });
});
