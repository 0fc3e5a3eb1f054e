import t from 'tap';
import { lazyClients } from '../../../lib/aws/lazy-clients.ts';

t.test('each member is built on first access, once, and only the ones used', async (t) => {
  const built: string[] = [];
  const clients = lazyClients<{ a: { id: string }; b: { id: string } }>({
    a: () => {
      built.push('a');
      return { id: 'a' };
    },
    b: () => {
      built.push('b');
      return { id: 'b' };
    },
  });
  t.same(built, [], 'nothing is built up front');
  const first = clients.a;
  t.equal(first.id, 'a');
  t.equal(clients.a, first, 'the same instance on every access');
  t.same(built, ['a'], 'b, never used, is never built');
  t.same(Object.keys(clients).sort(), ['a', 'b'], 'every member is listed');
  t.same(built, ['a'], 'listing the members builds nothing');
});

t.test('a factory that throws is retried on the next access, not cached as undefined', async (t) => {
  let calls = 0;
  const clients = lazyClients<{ c: number }>({
    c: () => {
      calls++;
      if (calls === 1) throw new Error('first build fails');
      return calls;
    },
  });
  t.throws(() => clients.c, /first build fails/);
  t.equal(clients.c, 2);
  t.equal(clients.c, 2);
});
