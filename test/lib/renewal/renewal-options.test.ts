import t from 'tap';
import {
  DEFAULT_RENEWAL_OPTIONS,
  parseRenewalOptions,
  renewalOptionsFromEnv,
} from '../../../lib/renewal/renewal-options.ts';

t.test('defaults, with units in their names', async (t) => {
  t.same(parseRenewalOptions(), DEFAULT_RENEWAL_OPTIONS);
  t.equal(DEFAULT_RENEWAL_OPTIONS.pcaRenewAtFraction, 2 / 3);
  t.equal(DEFAULT_RENEWAL_OPTIONS.acmRenewWithinDays, 45);
  t.equal(DEFAULT_RENEWAL_OPTIONS.eventGraceMs, 600_000);
  t.ok(Object.isFrozen(parseRenewalOptions({ rollConcurrency: 2 })));
});

t.test('values are checked against their ranges and the error names the setting', async (t) => {
  t.equal(parseRenewalOptions({ renewWaitMs: '30000' }).renewWaitMs, 30_000);
  t.throws(() => parseRenewalOptions({ rollConcurrency: 0 }), {
    code: 'BAD_RENEWAL_OPTIONS',
    message: /^rollConcurrency must be a whole number from 1 to 50; got '0'/,
  });
  t.throws(() => parseRenewalOptions({ pcaRenewAtFraction: 1 }), {
    message: /pcaRenewAtFraction must be a number from 0.1 to 0.95/,
  });
  t.throws(
    () => parseRenewalOptions({ acmRenewWithinDays: 60 }),
    { message: /acmRenewWithinDays/ },
    'ACM itself renews at 60 days',
  );
  t.throws(() => parseRenewalOptions({ typo: 1 } as never), { message: /typo is not a renewal option/ });
  t.throws(() => renewalOptionsFromEnv({ PCA_MTLS_RENEW_WAIT_MS: 'soon' }), {
    message: /^PCA_MTLS_RENEW_WAIT_MS must be a whole number/,
  });
  t.equal(renewalOptionsFromEnv({ PCA_MTLS_IDENTITY_CONCURRENCY: '8' }).identityConcurrency, 8);
});
