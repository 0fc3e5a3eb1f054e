import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate, pageRequest } from '../../core/paginate.ts';
import { secretsPaging } from '../paging.ts';
import { matchesFilters } from '../secret-filters.ts';
import { isScheduledForDeletion, liveSecrets } from '../secret-lookup.ts';
import { listEntryView } from '../secret-view.ts';
import { filtersShape, nextTokenShape, type SecretFilter } from '../shapes.ts';
import type { SecretsManagerState, StoredSecret } from '../state.ts';

interface Input {
  IncludePlannedDeletion?: boolean;
  MaxResults?: number;
  NextToken?: string;
  Filters?: SecretFilter[];
  SortOrder?: 'asc' | 'desc';
  SortBy?: 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';
}

const SORT_KEYS: Record<NonNullable<Input['SortBy']>, (s: StoredSecret) => number | string> = {
  'created-date': (s) => s.createdAtMs,
  'last-accessed-date': (s) => s.lastAccessedDayMs ?? 0,
  'last-changed-date': (s) => s.lastChangedAtMs,
  name: (s) => s.name,
};

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const ListSecrets = defineOperation<SecretsManagerState, Input>({
  input: t.structure({
    IncludePlannedDeletion: t.boolean(),
    MaxResults: t.integer({ min: 1, max: 100 }),
    NextToken: nextTokenShape,
    Filters: filtersShape,
    SortOrder: t.string({ enum: ['asc', 'desc'] }),
    // Newer than Debian's AWS CLI (SDK only).
    SortBy: t.string({ enum: ['created-date', 'last-accessed-date', 'last-changed-date', 'name'] }),
  }),
  handle(input, ctx) {
    const sortBy: NonNullable<Input['SortBy']> = input.SortBy ?? 'created-date';
    const key = SORT_KEYS[sortBy];
    const direction = input.SortOrder === 'desc' ? -1 : 1;
    const secrets = Object.values(liveSecrets(ctx))
      .filter((s) => input.IncludePlannedDeletion || !isScheduledForDeletion(s))
      .filter((s) => matchesFilters(s, input.Filters, ctx.region))
      // Ties (same millisecond) fall back to the name, so pages are stable.
      .sort((a, b) => direction * (compare(key(a), key(b)) || compare(a.name, b.name)));
    const page = paginate(secrets, pageRequest(input), secretsPaging('ListSecrets', 100));
    return { SecretList: page.items.map(listEntryView), NextToken: page.nextToken };
  },
});
