import t from 'tap';
import { awsCall, AwsCallError, toAwsCallError } from '../../../lib/aws/aws-call-error.ts';
import { PcaMtlsError } from '../../../lib/errors.ts';

const OP = 'secretsmanager:GetSecretValue';

/** An SDK-shaped service error: `name` is AWS's error code, `$metadata.attempts` the tries made. */
function sdkError(name: string, message = 'service said no', attempts?: number) {
  return Object.assign(new Error(message), { name, $metadata: attempts === undefined ? {} : { attempts } });
}

t.test('each AWS error name maps to one stable code, naming the operation and what to do', async (t) => {
  const cases: Array<[unknown, string, RegExp]> = [
    [sdkError('ThrottlingException'), 'AWS_THROTTLED', /was throttled by AWS; retry later/],
    [sdkError('TooManyRequestsException'), 'AWS_THROTTLED', /throttled/],
    [sdkError('RequestLimitExceeded'), 'AWS_THROTTLED', /throttled/],
    [sdkError('LimitExceededException'), 'AWS_THROTTLED', /throttled/],
    [sdkError('AccessDeniedException'), 'AWS_ACCESS_DENIED', /was denied \(AccessDeniedException\); check the IAM/],
    [sdkError('UnrecognizedClientException'), 'AWS_ACCESS_DENIED', /denied/],
    [sdkError('InvalidSignatureException'), 'AWS_ACCESS_DENIED', /denied/],
    [sdkError('TimeoutError'), 'AWS_TIMEOUT', /timed out; is the endpoint reachable\?/],
    [sdkError('RequestTimeoutException'), 'AWS_TIMEOUT', /timed out/],
    [Object.assign(new Error('socket'), { code: 'ETIMEDOUT' }), 'AWS_TIMEOUT', /timed out/],
    [
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      'AWS_UNREACHABLE',
      /could not reach AWS \(ECONNREFUSED\); check AWS_ENDPOINT_URL/,
    ],
    [Object.assign(new Error('dns'), { code: 'ENOTFOUND' }), 'AWS_UNREACHABLE', /ENOTFOUND/],
    [
      sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
      'AWS_NOT_FOUND',
      /: Secrets Manager can't find/,
    ],
    [sdkError('ValidationException', 'bad input'), 'AWS_ERROR', /failed: ValidationException: bad input/],
    ['a string thrown', 'AWS_ERROR', /failed: error: a string thrown/],
  ];
  for (const [thrown, code, message] of cases) {
    const mapped = toAwsCallError(OP, thrown);
    t.ok(mapped instanceof AwsCallError && mapped instanceof PcaMtlsError, `${code} is an AwsCallError`);
    const { name, code: errno } = (typeof thrown === 'object' ? thrown : {}) as { name?: string; code?: string };
    t.equal(mapped.code, code, `${errno ?? name ?? String(thrown)} → ${code}`);
    t.equal(mapped.operation, OP);
    t.match(mapped.message, new RegExp(`^${OP}`), 'the message starts with the operation');
    t.match(mapped.message, message);
    t.equal(mapped.cause, thrown, 'the SDK error is kept as the cause');
  }
});

t.test('the AWS error name is kept for callers that branch on it', async (t) => {
  t.equal(toAwsCallError(OP, sdkError('RequestInProgressException')).awsErrorName, 'RequestInProgressException');
  t.equal(toAwsCallError(OP, Object.assign(new Error('x'), { code: 'ECONNRESET' })).awsErrorName, 'ECONNRESET');
});

t.test('retries are counted in the message only when there were some', async (t) => {
  t.match(toAwsCallError(OP, sdkError('ThrottlingException', 'x', 4)).message, /throttled by AWS after 4 attempts;/);
  t.notMatch(toAwsCallError(OP, sdkError('ThrottlingException', 'x', 1)).message, /attempts/);
});

t.test('an AwsCallError is not wrapped twice', async (t) => {
  const first = toAwsCallError('acm:DescribeCertificate', sdkError('ResourceNotFoundException'));
  t.equal(toAwsCallError(OP, first), first);
});

t.test('the message never carries the request: only the operation and what AWS answered', async (t) => {
  const secret = 'hunter2-passphrase';
  const mapped = toAwsCallError(OP, Object.assign(sdkError('AccessDeniedException', 'denied'), { input: { secret } }));
  t.notMatch(mapped.message, secret);
});

t.test('awsCall passes results through and maps failures', async (t) => {
  t.equal(await awsCall(OP, async () => 42), 42);
  await t.rejects(
    awsCall(OP, async () => {
      throw sdkError('ThrottlingException');
    }),
    { name: 'AwsCallError', code: 'AWS_THROTTLED', operation: OP },
  );
});
