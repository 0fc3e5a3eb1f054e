import { parseXML } from '@aws-sdk/xml-builder';
import t from 'tap';
import { encodeQueryError, encodeQueryResult } from '../../../../../services/aws-local/protocol/query/encode-xml.ts';
import { sqsQueryProtocol } from '../../../../../services/aws-local/sqs/query-protocol.ts';

const NS = 'http://queue.amazonaws.com/doc/2012-11-05/';

t.test('a result: flattened lists and maps, nested structures, booleans and numbers as text', async (t) => {
  const xml = encodeQueryResult(
    'ReceiveMessage',
    {
      Messages: [
        {
          MessageId: 'm1',
          Body: 'a\r\nb <&> "c"',
          Attributes: { SenderId: '000000000000', ApproximateReceiveCount: '2' },
          MessageAttributes: { tags: { DataType: 'String', StringListValues: ['x', 'y'] } },
        },
        { MessageId: 'm2', Body: '' },
      ],
    },
    'req-1',
    sqsQueryProtocol,
  );
  t.match(
    xml,
    /^<\?xml version="1\.0"\?><ReceiveMessageResponse xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/">/,
  );
  t.match(xml, '<Body>a&#x0D;&#x0A;b &lt;&amp;&gt; &quot;c&quot;</Body>', 'escaped, line ends included');
  t.match(xml, '<Attribute><Name>SenderId</Name><Value>000000000000</Value></Attribute>');
  t.match(xml, '<StringListValue>x</StringListValue><StringListValue>y</StringListValue>');
  const doc = parseXML(xml).ReceiveMessageResponse;
  t.equal(doc.ResponseMetadata.RequestId, 'req-1');
  const [first, second] = doc.ReceiveMessageResult.Message;
  t.equal(first.Body, 'a\r\nb <&> "c"', 'a parser reads back exactly the body');
  t.same(first.MessageAttribute, { Name: 'tags', Value: { DataType: 'String', StringListValue: ['x', 'y'] } });
  t.equal(second.MessageId, 'm2');

  const batch = parseXML(
    encodeQueryResult(
      'ChangeMessageVisibilityBatch',
      { Successful: [{ Id: 'a' }], Failed: [{ Id: 'b', SenderFault: true, Code: 'X', Message: 'y' }] },
      'req-2',
      sqsQueryProtocol,
    ),
  ).ChangeMessageVisibilityBatchResponse.ChangeMessageVisibilityBatchResult;
  t.same(batch, {
    ChangeMessageVisibilityBatchResultEntry: { Id: 'a' },
    BatchResultErrorEntry: { Id: 'b', SenderFault: 'true', Code: 'X', Message: 'y' },
  });
});

t.test('operations without output answer only ResponseMetadata; empty results an empty element', async (t) => {
  t.equal(
    encodeQueryResult('DeleteQueue', {}, 'r', sqsQueryProtocol),
    `<?xml version="1.0"?><DeleteQueueResponse xmlns="${NS}"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteQueueResponse>`,
  );
  t.match(encodeQueryResult('ListQueues', { QueueUrls: [] }, 'r', sqsQueryProtocol), '<ListQueuesResult/>');
});

t.test('text XML cannot carry at all is replaced, never emitted', async (t) => {
  const xml = encodeQueryError(
    { code: 'InvalidParameterValue', message: 'bad \u0000\u0008 value \uFFFE', fault: 'Sender' },
    'r',
    {
      xmlNamespace: NS,
    },
  );
  t.notOk(
    ['\u0000', '\u0008', '\uFFFE'].some((c) => xml.includes(c)),
    'none of them in the document',
  );
  t.equal(parseXML(xml).ErrorResponse.Error.Message, 'bad \uFFFD\uFFFD value \uFFFD');
});

t.test('an error: ErrorResponse/Error with Type, Code, Message, Detail, and the RequestId', async (t) => {
  const xml = encodeQueryError(
    {
      code: 'AWS.SimpleQueueService.NonExistentQueue',
      message: 'The specified queue does not exist.',
      fault: 'Sender',
    },
    'req-3',
    { xmlNamespace: NS },
  );
  t.equal(
    xml,
    `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type>` +
      '<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message>' +
      '<Detail/></Error><RequestId>req-3</RequestId></ErrorResponse>',
  );
});
