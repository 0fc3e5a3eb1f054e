/** Input shapes several operations share, as the AWS model (2017-10-17) defines them. */
import { t } from '../protocol/shape.ts';

export const secretIdShape = t.required(t.string({ min: 1, max: 2048 }));
export const clientRequestTokenShape = t.string({ min: 32, max: 64 });
export const versionIdShape = t.string({ min: 32, max: 64 });
export const versionStageShape = t.string({ min: 1, max: 256 });
export const descriptionShape = t.string({ max: 2048 });
export const kmsKeyIdShape = t.string({ min: 0, max: 2048 });
/** The model counts characters; AWS's 65,536 limit is in bytes, checked by `checkSecretValue`. */
export const secretStringShape = t.string({ min: 0, max: 65536, sensitive: true });
export const secretBinaryShape = t.blob({ min: 0, max: 65536, sensitive: true });
export const versionStagesShape = t.list(versionStageShape, { min: 1, max: 20 });
export const tagListShape = t.list(
  t.structure({
    Key: t.string({ min: 1, max: 128 }),
    Value: t.string({ min: 0, max: 256 }),
  }),
);
export const nextTokenShape = t.string({ min: 1, max: 4096 });

export const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export interface SecretFilter {
  Key?: FilterKey;
  Values?: string[];
}
export const filtersShape = t.list(
  t.structure({
    Key: t.string({ enum: FILTER_KEYS }),
    Values: t.list(t.string({ max: 512, pattern: /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/ }), { min: 1, max: 10 }),
  }),
  { max: 10 },
);
