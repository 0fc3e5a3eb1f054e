/** Input shapes shared by several ACM operations, as in the AWS model (acm 2015-12-08). */
import { modelPattern } from '../acm-pca/shapes.ts';
import { t } from '../protocol/shape.ts';

export const certificateArn = t.string({
  min: 20,
  max: 2048,
  pattern: modelPattern('arn:[\\w+=/,.@-]+:acm:[\\w+=/,.@-]*:[0-9]+:[\\w+=,.@-]+(/[\\w+=,.@-]+)*'),
});

export const pcaArn = t.string({
  min: 20,
  max: 2048,
  pattern: modelPattern('arn:[\\w+=/,.@-]+:acm-pca:[\\w+=/,.@-]*:[0-9]+:[\\w+=,.@-]+(/[\\w+=,.@-]+)*'),
});

export const domainName = t.string({
  min: 1,
  max: 253,
  pattern: modelPattern('^(\\*\\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$'),
});

export const idempotencyToken = t.string({ min: 1, max: 32, pattern: modelPattern('\\w+') });

const tagText = '[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*';
export const tags = t.list(
  t.structure({
    Key: t.required(t.string({ min: 1, max: 128, pattern: modelPattern(tagText, 'u') })),
    Value: t.string({ min: 0, max: 256, pattern: modelPattern(tagText, 'u') }),
  }),
  { min: 1, max: 50 },
);

export const keyAlgorithm = t.string({
  enum: ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'],
});
