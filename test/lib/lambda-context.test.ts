import t from 'tap';
import { DEADLINE_MARGIN_MS, deadlineOf } from '../../lib/lambda-context.ts';

t.test('the deadline is the remaining time less the margin, from now', async (t) => {
  const now = 1_000_000;
  t.equal(deadlineOf({ getRemainingTimeInMillis: () => 60_000 }, now), now + 60_000 - DEADLINE_MARGIN_MS);
  t.equal(DEADLINE_MARGIN_MS, 10_000, 'answers 10 s before Lambda would kill the handler');
});

t.test('less time left than the margin means the deadline is now, never in the past', async (t) => {
  const now = 1_000_000;
  t.equal(deadlineOf({ getRemainingTimeInMillis: () => 3_000 }, now), now);
  t.equal(deadlineOf({ getRemainingTimeInMillis: () => 0 }, now), now);
});

t.test('a context that does not say gives no deadline', async (t) => {
  t.equal(deadlineOf({}), undefined);
  t.equal(deadlineOf({ awsRequestId: 'r-1' }), undefined);
});

t.test('now defaults to the wall clock', async (t) => {
  const before = Date.now();
  const deadline = deadlineOf({ getRemainingTimeInMillis: () => DEADLINE_MARGIN_MS + 5_000 })!;
  t.ok(deadline >= before + 5_000 && deadline <= Date.now() + 5_000);
});
