/**
 * Maps `items` with at most `limit` calls of `work` in flight; results keep
 * the items' order. `work` should not throw (callers record per-item
 * failures); a throw still rejects the whole map, after the others settle.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const errors: unknown[] = [];
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      // `index < items.length` (checked above, and `next` only grows), so the element exists.
      const item = items[index] as T;
      try {
        results[index] = await work(item, index);
      } catch (err) {
        errors.push(err);
      }
    }
  });
  await Promise.all(lanes);
  if (errors.length > 0) throw errors[0];
  return results;
}
