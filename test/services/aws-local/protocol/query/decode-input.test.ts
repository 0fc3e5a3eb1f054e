import t from 'tap';
import { decodeQueryInput } from '../../../../../services/aws-local/protocol/query/decode-input.ts';
import { formTree } from '../../../../../services/aws-local/protocol/query/form-tree.ts';
import { t as shape } from '../../../../../services/aws-local/protocol/shape.ts';
import { sendEntryShape } from '../../../../../services/aws-local/sqs/shapes.ts';
import { sqsQueryProtocol } from '../../../../../services/aws-local/sqs/query-protocol.ts';

/** The AWS error type `fn` throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { type?: string }).type ?? String(err);
  }
  return 'nothing thrown';
}

const decode = (operation: string, input: ReturnType<typeof shape.structure>, form: Record<string, string>) =>
  decodeQueryInput(formTree(new URLSearchParams(form)), input, operation, sqsQueryProtocol);

t.test('scalars: strings as sent, integers and booleans typed, unknown parameters ignored', async (t) => {
  const input = shape.structure({
    QueueUrl: shape.string(),
    VisibilityTimeout: shape.integer(),
    Flag: shape.boolean(),
    Raw: shape.blob(),
    At: shape.timestamp(),
  });
  const decoded = decode('X', input, {
    QueueUrl: 'http://h/000000000000/q',
    VisibilityTimeout: '-30',
    Flag: 'false',
    Raw: 'AQID',
    At: '2026-12-01T00:00:00Z',
    Unknown: 'ignored',
  });
  t.same(decoded, {
    QueueUrl: 'http://h/000000000000/q',
    VisibilityTimeout: -30,
    Flag: false,
    Raw: 'AQID',
    At: Date.UTC(2026, 11, 1) / 1000,
  });
  t.same(decode('X', input, {}), {}, 'absent members stay absent');
  for (const [member, value] of [
    ['VisibilityTimeout', '1.5'],
    ['VisibilityTimeout', '99999999999999999'],
    ['Flag', 'yes'],
    ['At', 'later'],
  ] as const) {
    t.equal(
      thrown(() => decode('X', input, { [member]: value })),
      'InvalidParameterValue',
      value,
    );
  }
});

t.test('flattened lists: Element.N in number order; Member= sent empty is an empty list', async (t) => {
  const input = shape.structure({ AttributeNames: shape.list(shape.string()), TagKeys: shape.list(shape.string()) });
  t.same(decode('GetQueueAttributes', input, { 'AttributeName.2': 'B', 'AttributeName.1': 'A', 'TagKey.1': 'k' }), {
    AttributeNames: ['A', 'B'],
    TagKeys: ['k'],
  });
  t.same(decode('GetQueueAttributes', input, { AttributeNames: '' }), { AttributeNames: [] });
});

t.test('maps: Name/Value entries (Key/Value for tags); a missing value is null for validation to report', async (t) => {
  const input = shape.structure({ Attributes: shape.map(shape.string()), tags: shape.map(shape.string()) });
  const decoded = decode('CreateQueue', input, {
    'Attribute.1.Name': 'DelaySeconds',
    'Attribute.1.Value': '5',
    'Attribute.2.Name': 'DelaySeconds',
    'Attribute.2.Value': '9',
    'Attribute.3.Name': 'VisibilityTimeout',
    'Tag.1.Key': '__proto__',
    'Tag.1.Value': 'x',
  });
  t.same(decoded.Attributes, { DelaySeconds: '5', VisibilityTimeout: null }, 'the first entry of a name wins');
  t.same(Object.keys(decoded.tags as object), ['__proto__'], 'an own key, not a prototype');
  t.equal(JSON.parse(JSON.stringify(decoded)).tags.__proto__, 'x', 'and it survives the JSON hand-over');
  t.equal(
    thrown(() => decode('CreateQueue', input, { 'Attribute.1.Value': '5' })),
    'InvalidParameterValue',
    'an entry without a name',
  );
});

t.test('batch entries with nested message attributes, named after the operation', async (t) => {
  const input = shape.structure({ QueueUrl: shape.string(), Entries: shape.list(sendEntryShape()) });
  const decoded = decode('SendMessageBatch', input, {
    'SendMessageBatchRequestEntry.1.Id': 'a',
    'SendMessageBatchRequestEntry.1.MessageBody': 'one',
    'SendMessageBatchRequestEntry.1.DelaySeconds': '3',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'list',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringListValue.1': 'x',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringListValue.2': 'y',
    'SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Name': 'AWSTraceHeader',
    'SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.DataType': 'String',
    'SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.StringValue': 'Root=1',
    'SendMessageBatchRequestEntry.2.Id': 'b',
    'SendMessageBatchRequestEntry.2.MessageBody': 'two',
    'DeleteMessageBatchRequestEntry.1.Id': 'not this operation',
  });
  t.same(decoded.Entries, [
    {
      Id: 'a',
      MessageBody: 'one',
      DelaySeconds: 3,
      MessageAttributes: { list: { DataType: 'String', StringListValues: ['x', 'y'] } },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1' } },
    },
    { Id: 'b', MessageBody: 'two' },
  ]);
});
