import t from 'tap';
import { toAwsCallError } from '../../../lib/aws/aws-call-error.ts';
import { WaitTimeoutError } from '../../../lib/errors.ts';
import { ExportError } from '../../../lib/identity/errors.ts';
import { RenewalIncompleteError } from '../../../lib/renewal/errors.ts';
import { emptySummary, failureOf } from '../../../lib/renewal/renewal-summary.ts';

const sdkError = (name: string, message = 'x') =>
  Object.assign(new Error(message), { name, $metadata: { attempts: 4 } });

t.test('throttling, timeouts and 5xx are retryable; what needs a person is not', async (t) => {
  const where = { identity: 'colorteller' };
  t.match(failureOf(toAwsCallError('acm:ExportCertificate', sdkError('ThrottlingException')), where), {
    code: 'AWS_THROTTLED',
    retryable: true,
    identity: 'colorteller',
  });
  t.match(failureOf(toAwsCallError('ecs:UpdateService', sdkError('ServerException')), where), {
    code: 'AWS_ERROR',
    retryable: true,
  });
  t.match(failureOf(new WaitTimeoutError('ACM to renew', 60_000), where), { code: 'WAIT_TIMEOUT', retryable: true });
  t.match(failureOf(toAwsCallError('ecs:UpdateService', sdkError('ServiceNotFoundException')), where), {
    code: 'AWS_ERROR',
    retryable: false,
  });
  t.match(failureOf(toAwsCallError('secretsmanager:PutSecretValue', sdkError('AccessDeniedException')), where), {
    code: 'AWS_ACCESS_DENIED',
    retryable: false,
  });
  t.match(failureOf(new ExportError('CA_NOT_ACTIVE', 'Private CA x is DISABLED, not ACTIVE'), where), {
    code: 'CA_NOT_ACTIVE',
    retryable: false,
    reason: /DISABLED/,
  });
});

t.test(
  "an error that is not pca-mtls's own contributes its class name only: its message could quote a secret",
  async (t) => {
    const leaky = new SyntaxError('Unexpected token in JSON at position 3: {"passphrase":"hunter2"');
    const failure = failureOf(leaky, {});
    t.equal(failure.code, 'UNEXPECTED');
    t.notMatch(failure.reason, /hunter2|passphrase/);
    t.match(failure.reason, /unexpected SyntaxError/);
  },
);

t.test('RenewalIncompleteError names the retryable failures only', async (t) => {
  const summary = emptySummary('Scheduled Event');
  summary.failures.push(
    { identity: 'a', code: 'AWS_THROTTLED', reason: 'r', retryable: true },
    { identity: 'b', code: 'ACM_RENEWAL_FAILED', reason: 'r', retryable: false },
    { identity: 'c', service: 'mesh/c', code: 'AWS_TIMEOUT', reason: 'r', retryable: true },
  );
  const err = new RenewalIncompleteError(summary);
  t.equal(err.code, 'RENEWAL_INCOMPLETE');
  t.equal(
    err.message,
    'renewal incomplete, 2 retryable failures (a: AWS_THROTTLED; c mesh/c: AWS_TIMEOUT); the event will be delivered again',
  );
  t.equal(err.summary, summary);
});
