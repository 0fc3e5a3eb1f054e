import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';

async function sqsFor(t: Teardown) {
  const local = await startTestAwsLocal(t);
  return { local, sqs: new SQSClient(local.clientConfig) };
}

t.test('CreateQueue returns http://HOST/ACCOUNT/NAME; GetQueueUrl and ListQueues find it', async (t) => {
  const { local, sqs } = await sqsFor(t);
  const created = await sqs.send(new CreateQueueCommand({ QueueName: 'renewals', tags: { team: 'mtls' } }));
  t.equal(created.QueueUrl, `${local.url}/000000000000/renewals`);
  const again = await sqs.send(new CreateQueueCommand({ QueueName: 'renewals' }));
  t.equal(again.QueueUrl, created.QueueUrl, 'the same name again is the same queue');
  await t.rejects(
    sqs.send(new CreateQueueCommand({ QueueName: 'renewals', Attributes: { VisibilityTimeout: '99' } })),
    QueueNameExists,
  );
  t.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: 'renewals' }))).QueueUrl, created.QueueUrl);
  const missing = await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((e: unknown) => e);
  t.ok(missing instanceof QueueDoesNotExist, 'a missing queue is QueueDoesNotExist');
  t.equal((missing as { Code?: string }).Code, 'AWS.SimpleQueueService.NonExistentQueue', 'with its Query code');

  await sqs.send(new CreateQueueCommand({ QueueName: 'renewals-dlq' }));
  await sqs.send(new CreateQueueCommand({ QueueName: 'other' }));
  const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'renewals' }));
  t.same(listed.QueueUrls, [created.QueueUrl, `${local.url}/000000000000/renewals-dlq`]);
  const page1 = await sqs.send(new ListQueuesCommand({ MaxResults: 2 }));
  t.equal(page1.QueueUrls?.length, 2);
  t.ok(page1.NextToken);
  const page2 = await sqs.send(new ListQueuesCommand({ MaxResults: 2, NextToken: page1.NextToken }));
  t.same(page2.QueueUrls, [`${local.url}/000000000000/renewals-dlq`]);
  t.equal(page2.NextToken, undefined);
});

t.test('attributes: defaults, Set/Get, ranges, a redrive policy needs an existing queue', async (t) => {
  const { sqs } = await sqsFor(t);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work' }));
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
  const all = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  t.match(all.Attributes, {
    VisibilityTimeout: '30',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    MaximumMessageSize: '1048576',
    ApproximateNumberOfMessages: '0',
    QueueArn: 'arn:aws:sqs:us-east-1:000000000000:work',
  });
  t.notOk(all.Attributes && 'RedrivePolicy' in all.Attributes);

  const redrive = JSON.stringify({
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:work-dlq',
    maxReceiveCount: 3,
  });
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '5', RedrivePolicy: redrive } }),
  );
  const some = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }),
  );
  t.same(some.Attributes, { VisibilityTimeout: '5', RedrivePolicy: redrive });

  await t.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '43201' } })), {
    name: 'InvalidAttributeValue',
  });
  await t.rejects(
    sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Colour: 'red' } as Record<string, string> })),
    {
      name: 'InvalidAttributeName',
    },
  );
  const toNowhere = JSON.stringify({
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:gone',
    maxReceiveCount: 3,
  });
  await t.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: toNowhere } })), {
    name: 'InvalidAttributeValue',
    message: /Dead letter target does not exist/,
  });
  t.ok(dlq.QueueUrl);
});

t.test('tags, purge (once per 60 s), delete', async (t) => {
  const { local, sqs } = await sqsFor(t);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'tagged', tags: { a: '1' } }));
  await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { b: '2' } }));
  await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['a'] }));
  t.same((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { b: '2' });

  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
  await sqs.send(new PurgeQueueCommand({ QueueUrl }));
  const counts = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  t.equal(counts.Attributes?.ApproximateNumberOfMessages, '0');
  await t.rejects(sqs.send(new PurgeQueueCommand({ QueueUrl })), { name: 'PurgeQueueInProgress' });
  await local.control('POST', 'clock', { advanceSeconds: 61 });
  await sqs.send(new PurgeQueueCommand({ QueueUrl }));

  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  await t.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })), QueueDoesNotExist);
});
