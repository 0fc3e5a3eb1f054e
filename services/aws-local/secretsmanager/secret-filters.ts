/**
 * ListSecrets / BatchGetSecretValue filters, as AWS documents them: every
 * filter must match (AND), any value of a filter may match (OR); `name`,
 * `tag-key`, `tag-value`, `primary-region` and `owning-service` are
 * case-sensitive prefix matches, `description` is case-insensitive, `all`
 * splits the value into words and looks for them, case-insensitively, at the
 * start of the words of the name, description, tag keys and tag values.
 * A value starting with `!` negates: the secret matches when nothing matches.
 */
import type { FilterKey, SecretFilter } from './shapes.ts';
import type { StoredSecret } from './state.ts';

/** Words as AWS's search sees them: split at case changes, letter/digit changes and punctuation. */
export function searchWords(text: string): string[] {
  return (text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map((w) => w.toLowerCase());
}

function attributes(secret: StoredSecret, key: FilterKey, region: string): string[] {
  switch (key) {
    case 'name':
      return [secret.name];
    case 'description':
      return secret.description === undefined ? [] : [secret.description];
    case 'tag-key':
      return secret.tags.map((t) => t.Key);
    case 'tag-value':
      return secret.tags.map((t) => t.Value);
    case 'primary-region':
      // Every secret here is a primary secret in the region it lives in.
      return [region];
    case 'owning-service':
      // aws-local has no secrets managed by other services.
      return [];
    case 'all':
      return [secret.name, secret.description ?? '', ...secret.tags.flatMap((t) => [t.Key, t.Value])];
  }
}

function positiveMatch(key: FilterKey, value: string, values: readonly string[]): boolean {
  if (key === 'all') {
    const wanted = searchWords(value);
    const have = values.flatMap(searchWords);
    return wanted.some((w) => have.some((h) => h.startsWith(w)));
  }
  if (key === 'description') {
    const lower = value.toLowerCase();
    // AWS documents a prefix match; its search also finds words inside the description.
    return values.some((v) => v.toLowerCase().startsWith(lower) || searchWords(v).some((w) => w.startsWith(lower)));
  }
  return values.some((v) => v.startsWith(value));
}

function filterMatches(secret: StoredSecret, filter: SecretFilter, region: string): boolean {
  if (!filter.Key || !filter.Values) return true;
  const values = attributes(secret, filter.Key, region);
  return filter.Values.some((value) =>
    value.startsWith('!')
      ? !positiveMatch(filter.Key!, value.slice(1), values)
      : positiveMatch(filter.Key!, value, values),
  );
}

export function matchesFilters(
  secret: StoredSecret,
  filters: readonly SecretFilter[] | undefined,
  region: string,
): boolean {
  return (filters ?? []).every((f) => filterMatches(secret, f, region));
}
