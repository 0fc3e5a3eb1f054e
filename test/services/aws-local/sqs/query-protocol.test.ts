/**
 * SQS over the AWS Query protocol, as raw HTTP: form-encoded requests in the
 * wire shapes botocore's Query model sends, XML answers read with the AWS
 * SDK's XML parser. The same queues are reachable over JSON (the SDK client),
 * and quotas and IAM hold for both protocols.
 */
import { parseXML } from '@aws-sdk/xml-builder';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import t from 'tap';
import { startTestAwsLocal, type TestAwsLocal } from '../../../helpers/aws-local.ts';
import { allow, policy } from '../iam/helpers.ts';

const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const signedBy = (accessKeyId: string) =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261201/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00`;

interface QueryAnswer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  text: string;
  doc: any;
}

async function query(
  local: TestAwsLocal,
  params: Record<string, string>,
  options: { accessKeyId?: string; authorization?: string | null } = {},
): Promise<QueryAnswer> {
  const authorization =
    options.authorization === null
      ? {}
      : { authorization: options.authorization ?? signedBy(options.accessKeyId ?? 'AKIDQUERY') };
  const response = await fetch(`${local.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...authorization },
    body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-amzn-requestid'),
    text,
    doc: parseXML(text),
  };
}

async function createQueue(local: TestAwsLocal, name: string, params: Record<string, string> = {}): Promise<string> {
  const created = await query(local, { Action: 'CreateQueue', QueueName: name, ...params });
  return created.doc.CreateQueueResponse.CreateQueueResult.QueueUrl;
}

t.test('a Query request answers the XML document, in the namespace, with its request id', async (t) => {
  const local = await startTestAwsLocal(t);
  const created = await query(local, {
    Action: 'CreateQueue',
    QueueName: 'renewals',
    'Attribute.1.Name': 'VisibilityTimeout',
    'Attribute.1.Value': '45',
    'Attribute.2.Name': 'DelaySeconds',
    'Attribute.2.Value': '1',
    'Tag.1.Key': 'team',
    'Tag.1.Value': 'mtls',
  });
  t.equal(created.status, 200);
  t.equal(created.contentType, 'text/xml');
  t.match(
    created.text,
    /^<\?xml version="1\.0"\?><CreateQueueResponse xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/">/,
  );
  const response = created.doc.CreateQueueResponse;
  t.equal(response.xmlns, NAMESPACE);
  t.equal(response.CreateQueueResult.QueueUrl, `${local.url}/000000000000/renewals`);
  t.equal(response.ResponseMetadata.RequestId, created.requestId, 'the body names the request id of the header');

  const url = response.CreateQueueResult.QueueUrl;
  const attributes = await query(local, {
    Action: 'GetQueueAttributes',
    QueueUrl: url,
    'AttributeName.1': 'VisibilityTimeout',
    'AttributeName.2': 'DelaySeconds',
  });
  const result = attributes.doc.GetQueueAttributesResponse.GetQueueAttributesResult;
  t.same(
    [...result.Attribute].sort((a: any, b: any) => a.Name.localeCompare(b.Name)),
    [
      { Name: 'DelaySeconds', Value: '1' },
      { Name: 'VisibilityTimeout', Value: '45' },
    ],
  );
  const tags = await query(local, { Action: 'ListQueueTags', QueueUrl: url });
  t.same(tags.doc.ListQueueTagsResponse.ListQueueTagsResult.Tag, { Key: 'team', Value: 'mtls' });

  const deleted = await query(local, { Action: 'DeleteQueue', QueueUrl: url });
  t.equal(deleted.status, 200);
  t.same(Object.keys(deleted.doc.DeleteQueueResponse).sort(), ['ResponseMetadata', 'xmlns'], 'no result element');
  const listed = await query(local, { Action: 'ListQueues' });
  t.same(listed.doc.ListQueuesResponse.ListQueuesResult, '', 'an empty ListQueuesResult element');
});

t.test('one queue, two protocols: sent over JSON, received over Query, and back', async (t) => {
  const local = await startTestAwsLocal(t);
  const url = await createQueue(local, 'renewals');
  const sqs = new SQSClient(local.clientConfig);
  const body = 'line one\r\nline two <&> "quoted"';
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: body,
      MessageAttributes: {
        identity: { DataType: 'String', StringValue: 'colorteller' },
        raw: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) },
      },
    }),
  );
  const received = await query(local, {
    Action: 'ReceiveMessage',
    QueueUrl: url,
    'AttributeName.1': 'ApproximateReceiveCount',
    'MessageAttributeName.1': 'All',
  });
  t.notMatch(received.text, /\r/, 'a carriage return travels escaped, so XML parsing cannot fold it');
  const message = received.doc.ReceiveMessageResponse.ReceiveMessageResult.Message;
  t.equal(message.Body, body);
  t.same(message.Attribute, { Name: 'ApproximateReceiveCount', Value: '1' });
  t.same(message.MessageAttribute, [
    { Name: 'identity', Value: { StringValue: 'colorteller', DataType: 'String' } },
    { Name: 'raw', Value: { BinaryValue: Buffer.from([0, 1, 255]).toString('base64'), DataType: 'Binary' } },
  ]);

  const changed = await query(local, {
    Action: 'ChangeMessageVisibility',
    QueueUrl: url,
    ReceiptHandle: message.ReceiptHandle,
    VisibilityTimeout: '0',
  });
  t.equal(changed.status, 200);
  const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  t.equal(again.Messages?.[0]?.MessageId, message.MessageId, 'the Query call changed what the JSON call sees');
  t.equal(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');

  const empty = await query(local, { Action: 'ReceiveMessage', QueueUrl: url });
  t.same(empty.doc.ReceiveMessageResponse.ReceiveMessageResult, '', 'an empty ReceiveMessageResult, not none');
});

t.test(
  'batch entries: SendMessageBatchRequestEntry.N.* in, result entries and BatchResultErrorEntry out',
  async (t) => {
    const local = await startTestAwsLocal(t);
    const url = await createQueue(local, 'renewals');
    const sent = await query(local, {
      Action: 'SendMessageBatch',
      QueueUrl: url,
      'SendMessageBatchRequestEntry.1.Id': 'first',
      'SendMessageBatchRequestEntry.1.MessageBody': 'one',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'kind',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'acm',
      'SendMessageBatchRequestEntry.2.Id': 'second',
      'SendMessageBatchRequestEntry.2.MessageBody': 'two',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '0',
    });
    const entries = sent.doc.SendMessageBatchResponse.SendMessageBatchResult.SendMessageBatchResultEntry;
    t.same(
      entries.map((e: any) => e.Id),
      ['first', 'second'],
    );
    t.match(entries[0], { MessageId: /^[0-9a-f-]{36}$/, MD5OfMessageAttributes: /^[0-9a-f]{32}$/ });

    const received = await query(local, {
      Action: 'ReceiveMessage',
      QueueUrl: url,
      MaxNumberOfMessages: '10',
      'MessageAttributeName.1': 'kind',
    });
    const messages = received.doc.ReceiveMessageResponse.ReceiveMessageResult.Message;
    t.same(messages.map((m: any) => m.Body).sort(), ['one', 'two']);
    t.same(messages.find((m: any) => m.Body === 'one').MessageAttribute, {
      Name: 'kind',
      Value: { StringValue: 'acm', DataType: 'String' },
    });

    const deleted = await query(local, {
      Action: 'DeleteMessageBatch',
      QueueUrl: url,
      'DeleteMessageBatchRequestEntry.1.Id': 'ok',
      'DeleteMessageBatchRequestEntry.1.ReceiptHandle': messages[0].ReceiptHandle,
      'DeleteMessageBatchRequestEntry.2.Id': 'bad',
      'DeleteMessageBatchRequestEntry.2.ReceiptHandle': 'bogus',
    });
    const result = deleted.doc.DeleteMessageBatchResponse.DeleteMessageBatchResult;
    t.same(result.DeleteMessageBatchResultEntry, { Id: 'ok' });
    t.match(result.BatchResultErrorEntry, { Id: 'bad', SenderFault: 'true', Code: 'ReceiptHandleIsInvalid' });

    const none = await query(local, { Action: 'DeleteMessageBatch', QueueUrl: url, Entries: '' });
    t.match(
      none.doc.ErrorResponse.Error,
      { Code: 'AWS.SimpleQueueService.EmptyBatchRequest' },
      'an empty list is a list',
    );
  },
);

t.test('errors: ErrorResponse with Type, Code, Message and RequestId', async (t) => {
  const local = await startTestAwsLocal(t);
  const url = await createQueue(local, 'renewals');
  const cases: [Record<string, string>, number, string, RegExp][] = [
    [{ Action: 'GetQueueUrl', QueueName: 'nope' }, 400, 'AWS.SimpleQueueService.NonExistentQueue', /does not exist/],
    [
      { Action: 'PurgeQueue', QueueUrl: `${local.url}/000000000000/nope` },
      400,
      'AWS.SimpleQueueService.NonExistentQueue',
      /./,
    ],
    [
      { Action: 'ChangeMessageVisibility', QueueUrl: url, ReceiptHandle: 'x', VisibilityTimeout: 'soon' },
      400,
      'InvalidParameterValue',
      /VisibilityTimeout.*integer/,
    ],
    [{ Action: 'SendMessage', QueueUrl: url }, 400, 'InvalidParameterValue', /messageBody/],
    [{ Action: 'Frobnicate' }, 400, 'InvalidAction', /Frobnicate is not valid/],
    [{ Action: '' }, 400, 'MissingAction', /Action/],
    [{ Action: 'ListQueues', Version: '2008-01-01' }, 400, 'NoSuchVersion', /2008-01-01/],
    [
      { Action: 'GetQueueAttributes', QueueUrl: url, 'AttributeName.1': 'Colour' },
      400,
      'InvalidAttributeName',
      /Colour/,
    ],
  ];
  for (const [params, status, code, message] of cases) {
    const answer = await query(local, params);
    t.equal(answer.status, status, `${params.Action} → ${status}`);
    t.equal(answer.contentType, 'text/xml');
    const error = answer.doc.ErrorResponse;
    t.equal(error?.xmlns, NAMESPACE);
    t.match(error.Error, { Type: 'Sender', Code: code, Message: message }, `${params.Action}: ${code}`);
    t.equal(error.RequestId, answer.requestId);
  }
  const anonymous = await query(local, { Action: 'ListQueues' }, { authorization: null });
  t.equal(anonymous.status, 403, 'a form without a signature is refused: a web page could post one');
  t.equal(anonymous.doc.ErrorResponse.Error.Code, 'MissingAuthenticationToken');
});

t.test('quotas and IAM apply to Query requests as to JSON ones', async (t) => {
  const local = await startTestAwsLocal(t, {
    quotas: [{ service: 'sqs', operation: 'ListQueues', requestsPerSecond: 1 }],
    iam: { principals: { AKIDREADER: { roleName: 'reader', policies: policy(allow('sqs:ListQueues')) } } },
  });
  const first = await query(local, { Action: 'ListQueues' });
  t.equal(first.status, 200);
  const second = await query(local, { Action: 'ListQueues' });
  t.equal(second.status, 400);
  t.equal(second.doc.ErrorResponse.Error.Code, 'ThrottlingException');

  const denied = await query(local, { Action: 'CreateQueue', QueueName: 'renewals' }, { accessKeyId: 'AKIDREADER' });
  t.equal(denied.status, 400);
  t.match(denied.doc.ErrorResponse.Error, {
    Code: 'AccessDeniedException',
    Message: /not authorized to perform: sqs:CreateQueue/,
  });
  const log = await local.control('GET', 'requests?service=sqs');
  t.same(
    log.body.requests.map((r: any) => [r.operation, r.status]),
    [
      ['ListQueues', 200],
      ['ListQueues', 400],
      ['CreateQueue', 400],
    ],
    'the request log lists Query requests like JSON ones',
  );
});
