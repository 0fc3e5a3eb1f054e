import t from 'tap';
import { PcaMtlsError } from '../../../lib/errors.ts';
import { RenewalError, RenewalIncompleteError, RenewalOptionsError } from '../../../lib/renewal/errors.ts';
import { emptySummary, type RenewalFailure } from '../../../lib/renewal/renewal-summary.ts';

function failure(over: Partial<RenewalFailure>): RenewalFailure {
  return { code: 'AWS_THROTTLED', reason: 'throttled', retryable: true, ...over };
}

t.test('renewal errors are pca-mtls errors with a stable code', async (t) => {
  const err = new RenewalError('CERTIFICATE_NOT_FOUND', 'gone');
  t.ok(err instanceof PcaMtlsError);
  t.equal(err.name, 'RenewalError');
  t.equal(err.code, 'CERTIFICATE_NOT_FOUND');

  const bad = new RenewalOptionsError('RENEW_CONCURRENCY', 'must be from 1 to 32');
  t.ok(bad instanceof RenewalError);
  t.equal(bad.code, 'BAD_RENEWAL_OPTIONS');
  t.equal(bad.setting, 'RENEW_CONCURRENCY');
  t.equal(bad.message, 'RENEW_CONCURRENCY must be from 1 to 32');
});

t.test('an incomplete renewal names its retryable failures and says the event comes again', async (t) => {
  const summary = emptySummary('Scheduled Event');
  summary.failures.push(
    failure({ identity: 'colorteller', code: 'AWS_THROTTLED' }),
    failure({ identity: 'colorgateway', service: 'mesh/colorgateway', code: 'AWS_TIMEOUT' }),
    failure({ certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', code: 'WAIT_TIMEOUT' }),
    failure({ code: 'AWS_UNREACHABLE' }),
    failure({ identity: 'broken', code: 'CHAIN_UNTRUSTED', retryable: false }),
  );
  const err = new RenewalIncompleteError(summary);
  t.ok(err instanceof RenewalError);
  t.equal(err.code, 'RENEWAL_INCOMPLETE');
  t.equal(err.summary, summary, 'the summary travels with the error');
  t.equal(
    err.message,
    'renewal incomplete, 4 retryable failures (colorteller: AWS_THROTTLED; colorgateway mesh/colorgateway: AWS_TIMEOUT; ' +
      'arn:aws:acm:us-east-1:1:certificate/x: WAIT_TIMEOUT; all: AWS_UNREACHABLE); the event will be delivered again',
  );
  t.notMatch(err.message, /broken|CHAIN_UNTRUSTED/, 'failures a retry cannot fix are not counted');
});

t.test('one retryable failure is singular; at most five are listed', async (t) => {
  const one = emptySummary('sweep');
  one.failures.push(failure({ identity: 'a' }));
  t.match(new RenewalIncompleteError(one).message, /^renewal incomplete, 1 retryable failure \(a: AWS_THROTTLED\);/);

  const many = emptySummary('sweep');
  for (let i = 1; i <= 7; i++) many.failures.push(failure({ identity: `id${i}` }));
  const message = new RenewalIncompleteError(many).message;
  t.match(message, /^renewal incomplete, 7 retryable failures/);
  t.match(message, /id5: AWS_THROTTLED\)/);
  t.notMatch(message, /id6/);
});
