import t from 'tap';
import { parseXML } from '@aws-sdk/xml-builder';
import type { WireRequest, WireResponse } from '../../../../../services/aws-local/protocol/dispatch.ts';
import { isQueryContentType, QueryEndpoint } from '../../../../../services/aws-local/protocol/query/query-endpoint.ts';
import { sqsService } from '../../../../../services/aws-local/sqs/index.ts';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0';

function endpointAnswering(answer: WireResponse | Error) {
  const seen: WireRequest[] = [];
  const endpoint = new QueryEndpoint([sqsService], async (request) => {
    seen.push(request);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { endpoint, seen };
}

t.test('the Query protocol is selected by a form Content-Type', async (t) => {
  t.ok(isQueryContentType('application/x-www-form-urlencoded; charset=utf-8'));
  t.ok(isQueryContentType('Application/X-WWW-Form-Urlencoded'));
  t.notOk(isQueryContentType('application/x-amz-json-1.0'));
  t.notOk(isQueryContentType(undefined));
});

t.test('the form becomes the JSON request of the same operation, signed by the same caller', async (t) => {
  const { endpoint, seen } = endpointAnswering({
    statusCode: 200,
    headers: { 'x-amzn-requestid': 'req-1' },
    body: '{"QueueUrl":"http://h/000000000000/q"}',
  });
  const answer = await endpoint.handle({
    body: 'Action=GetQueueUrl&Version=2012-11-05&QueueName=q',
    authorization: AUTH,
    origin: 'http://h',
  });
  t.same(seen, [
    { target: 'AmazonSQS.GetQueueUrl', authorization: AUTH, body: '{"QueueName":"q"}', origin: 'http://h' },
  ]);
  t.equal(answer.headers['x-amzn-requestid'], 'req-1');
  t.equal(parseXML(answer.body).GetQueueUrlResponse.GetQueueUrlResult.QueueUrl, 'http://h/000000000000/q');
});

t.test('an error without a Query code keeps its JSON name; 5xx is the Receiver’s fault', async (t) => {
  const { endpoint } = endpointAnswering({
    statusCode: 500,
    headers: { 'x-amzn-requestid': 'req-2', 'x-amzn-errortype': 'InternalFailure' },
    body: '{"__type":"InternalFailure","message":"The request processing has failed."}',
  });
  const answer = await endpoint.handle({ body: 'Action=ListQueues', authorization: AUTH });
  t.equal(answer.statusCode, 500);
  t.match(parseXML(answer.body).ErrorResponse.Error, { Type: 'Receiver', Code: 'InternalFailure', Message: /failed/ });
});

t.test('requests refused before dispatch never reach the JSON path', async (t) => {
  const { endpoint, seen } = endpointAnswering(new Error('must not be called'));
  const refused = [
    [{ body: 'Action=ListQueues', authorization: undefined }, 403, 'MissingAuthenticationToken'],
    [{ body: 'Version=2012-11-05', authorization: AUTH }, 400, 'MissingAction'],
    [{ body: 'Action=constructor', authorization: AUTH }, 400, 'InvalidAction'],
    [{ body: 'Action=ListQueues&Version=2011-10-01', authorization: AUTH }, 400, 'NoSuchVersion'],
    [{ body: 'Action=ReceiveMessage&QueueUrl=u&WaitTimeSeconds=x', authorization: AUTH }, 400, 'InvalidParameterValue'],
  ] as const;
  for (const [request, status, code] of refused) {
    const answer = await endpoint.handle(request);
    t.equal(answer.statusCode, status, code);
    t.equal(parseXML(answer.body).ErrorResponse.Error.Code, code);
  }
  t.same(seen, []);
  await t.rejects(
    endpointAnswering(new Error('boom')).endpoint.handle({ body: 'Action=ListQueues', authorization: AUTH }),
    {
      message: 'boom',
    },
    'the emulator’s own failures are not dressed up as AWS errors',
  );
});
