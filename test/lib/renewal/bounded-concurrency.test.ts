import t from 'tap';
import { mapWithConcurrency } from '../../../lib/renewal/bounded-concurrency.ts';

t.test('never more than the limit in flight; results in input order', async (t) => {
  let inFlight = 0;
  let most = 0;
  const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, n));
    inFlight--;
    return n * 10;
  });
  t.same(results, [50, 10, 40, 20, 30, 0, 60]);
  t.equal(most, 3);
  t.same(await mapWithConcurrency([], 3, async () => 1), []);
});

t.test('a throw rejects the map after the other items ran', async (t) => {
  const ran: number[] = [];
  await t.rejects(
    mapWithConcurrency([1, 2, 3], 1, async (n) => {
      ran.push(n);
      if (n === 1) throw new Error('first');
    }),
    { message: 'first' },
  );
  t.same(ran, [1, 2, 3]);
});
