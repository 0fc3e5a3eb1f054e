import t from 'tap';
import { AwsError } from '../../../../services/aws-local/core/aws-error.ts';
import { paginate, pageRequest, type PagingRules } from '../../../../services/aws-local/core/paginate.ts';

const invalidToken = () => new AwsError('InvalidNextTokenException', 'bad token');
const rules = (more: Partial<PagingRules<string>> = {}): PagingRules<string> => ({
  scope: 'ListThings',
  invalidToken,
  ...more,
});
/** The AWS error name a call throws, or 'nothing thrown'. */
function refusal(call: () => unknown): string {
  try {
    call();
  } catch (err) {
    return err instanceof AwsError ? err.type : `not an AwsError: ${String(err)}`;
  }
  return 'nothing thrown';
}
const LETTERS = ['a', 'b', 'c', 'd', 'e'];

/** Every item a caller sees following the tokens from the first page to the last. */
function walk(all: readonly string[], maxResults: number | undefined, r: PagingRules<string>): string[][] {
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = paginate(all, { maxResults, nextToken }, r);
    pages.push(page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined && pages.length <= all.length);
  return pages;
}

t.test('pages follow one another until the list ends, the last one without a token', async (t) => {
  t.same(walk(LETTERS, 2, rules()), [['a', 'b'], ['c', 'd'], ['e']]);
  t.same(walk(LETTERS, 5, rules()), [LETTERS], 'an exact fit has no token');
  t.same(walk([], 3, rules()), [[]]);
});

t.test('without a size: the default page size, or everything that is left', async (t) => {
  t.same(walk(LETTERS, undefined, rules({ defaultPageSize: 3 })), [
    ['a', 'b', 'c'],
    ['d', 'e'],
  ]);
  t.same(paginate(LETTERS, {}, rules()), { items: LETTERS });
  t.same(walk(LETTERS, 4, rules({ defaultPageSize: 1 })), [['a', 'b', 'c', 'd'], ['e']], 'a named size wins');
});

t.test('the token is opaque and only good for the list it was issued for', async (t) => {
  const { nextToken } = paginate(LETTERS, { maxResults: 2 }, rules());
  t.type(nextToken, 'string');
  t.notMatch(nextToken!, /ListThings|offset/, 'nothing readable in it');
  t.equal(
    refusal(() => paginate(LETTERS, { nextToken }, rules({ scope: 'ListOthers' }))),
    'InvalidNextTokenException',
  );
  t.same(paginate(LETTERS, { nextToken }, rules()).items, ['c', 'd', 'e']);
});

t.test('a token the paginator did not issue is the service error, never a crash', async (t) => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
  const forged = [
    'garbage',
    '',
    'bm90IGEgdG9rZW4=',
    encode(null),
    encode([1]),
    encode({ s: 'ListThings' }),
    encode({ s: 'ListThings', o: -1 }),
    encode({ s: 'ListThings', o: 1.5 }),
    encode({ s: 'ListThings', o: '2' }),
    encode({ s: 'ListThings', o: 2 ** 60 }),
    encode({ s: 'ListThings', k: 'b' }),
    encode({ o: 1 }),
  ];
  for (const nextToken of forged) {
    t.equal(
      refusal(() => paginate(LETTERS, { nextToken }, rules())),
      'InvalidNextTokenException',
      nextToken,
    );
  }
});

t.test('sizeBounds are checked before the token, with the operation error', async (t) => {
  const bounded = rules({
    sizeBounds: { min: 1, max: 3, invalid: () => new AwsError('InvalidParameterException', 'size') },
  });
  for (const maxResults of [0, 4, -1]) {
    t.equal(
      refusal(() => paginate(LETTERS, { maxResults, nextToken: 'garbage' }, bounded)),
      'InvalidParameterException',
    );
  }
  t.same(paginate(LETTERS, { maxResults: 3 }, bounded).items, ['a', 'b', 'c']);
  t.same(paginate(LETTERS, { maxResults: 4 }, rules()).items.length, 4, 'no bounds: the shape checked them');
});

t.test('a position past the end: an empty page, or invalid where the service says so', async (t) => {
  const { nextToken } = paginate(LETTERS, { maxResults: 4 }, rules());
  t.same(paginate(['a', 'b'], { nextToken }, rules()), { items: [] });
  t.equal(
    refusal(() => paginate(['a', 'b'], { nextToken }, rules({ pastEndIsInvalid: true }))),
    'InvalidNextTokenException',
  );
  t.same(paginate(LETTERS.slice(0, 4), { nextToken }, rules({ pastEndIsInvalid: true })), { items: [] }, 'at the end');
});

t.test('keyed paging keeps its boundary while items come and go', async (t) => {
  const keyed = rules({ keyOf: (name) => name });
  const first = paginate(['b', 'd', 'f', 'h'], { maxResults: 2 }, keyed);
  t.same(first.items, ['b', 'd']);
  // 'a' and 'c' arrive before the boundary, 'd' goes: the next page starts after 'd' all the same.
  const second = paginate(['a', 'b', 'c', 'f', 'g', 'h'], { maxResults: 2, nextToken: first.nextToken }, keyed);
  t.same(second.items, ['f', 'g']);
  const third = paginate(['a', 'h'], { maxResults: 2, nextToken: second.nextToken }, keyed);
  t.same(third, { items: ['h'] });
  t.same(paginate(['a'], { maxResults: 2, nextToken: second.nextToken }, keyed), { items: [] });
});

t.test('tokenOnlyWhenSized: a caller naming no size gets the first page and no token', async (t) => {
  const sqsLike = rules({ defaultPageSize: 2, tokenOnlyWhenSized: true, keyOf: (name) => name });
  t.same(paginate(LETTERS, {}, sqsLike), { items: ['a', 'b'] });
  t.same(walk(LETTERS, 2, sqsLike), [['a', 'b'], ['c', 'd'], ['e']]);
});

t.test('pageRequest reads the MaxResults/NextToken spelling', async (t) => {
  t.same(pageRequest({ MaxResults: 3, NextToken: 'x' }), { maxResults: 3, nextToken: 'x' });
  t.same(pageRequest({}), { maxResults: undefined, nextToken: undefined });
});
