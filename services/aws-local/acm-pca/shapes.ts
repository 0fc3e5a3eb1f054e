/** Input shapes shared by several Private CA operations, as in the AWS model (acm-pca 2017-08-22). */
import { t, type Shape } from '../protocol/shape.ts';

/** A whole-string pattern whose error message shows the model's own pattern text. */
export function modelPattern(source: string, flags = ''): RegExp {
  const re = new RegExp(`^(?:${source})$`, flags);
  Object.defineProperty(re, 'source', { value: source });
  return re;
}

export const arn = t.string({
  min: 5,
  max: 200,
  pattern: modelPattern('arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:[\\w+=/,.@-]*:[0-9]*:[\\w+=,.@-]+(/[\\w+=,.@-]+)*'),
});

export const idempotencyToken = t.string({
  min: 1,
  max: 36,
  pattern: modelPattern('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]*'),
});

const tagText = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
export const tags = t.list(
  t.structure({
    Key: t.required(t.string({ min: 1, max: 128, pattern: modelPattern(tagText, 'u') })),
    Value: t.string({ min: 0, max: 256, pattern: modelPattern(tagText, 'u') }),
  }),
  { min: 1, max: 50 },
);

export const nextToken = t.string({ min: 1, max: 500 });
export const maxResults = t.integer({ min: 1, max: 1000 });

const printable64 = t.string({ min: 0, max: 64, pattern: modelPattern("[a-zA-Z0-9'()+-.?:/= ]*") });
const oid = t.string({
  min: 0,
  max: 64,
  pattern: modelPattern('^([0-2])\\.([0-9]|([0-3][0-9]))((\\.([0-9]+)){0,126})$'),
});

export const asn1Subject = t.structure({
  Country: t.string({ min: 2, max: 2, pattern: modelPattern('[A-Za-z]{2}') }),
  Organization: t.string({ min: 0, max: 64 }),
  OrganizationalUnit: t.string({ min: 0, max: 64 }),
  DistinguishedNameQualifier: printable64,
  State: t.string({ min: 0, max: 128 }),
  CommonName: t.string({ min: 0, max: 64 }),
  SerialNumber: printable64,
  Locality: t.string({ min: 0, max: 128 }),
  Title: t.string({ min: 0, max: 64 }),
  Surname: t.string({ min: 0, max: 40 }),
  GivenName: t.string({ min: 0, max: 16 }),
  Initials: t.string({ min: 0, max: 5 }),
  Pseudonym: t.string({ min: 0, max: 128 }),
  GenerationQualifier: t.string({ min: 0, max: 3 }),
  CustomAttributes: t.list(
    t.structure({ ObjectIdentifier: t.required(oid), Value: t.required(t.string({ min: 1, max: 256 })) }),
    { min: 1, max: 30 },
  ),
});

const cname = t.string({ min: 0, max: 253, pattern: modelPattern("^[-a-zA-Z0-9;/?:@&=+$,%_.!~*()']*$") });

export const revocationConfiguration = t.structure({
  CrlConfiguration: t.structure({
    Enabled: t.required(t.boolean()),
    ExpirationInDays: t.integer({ min: 1, max: 5000 }),
    CustomCname: cname,
    S3BucketName: t.string({ min: 3, max: 255, pattern: modelPattern('^[-a-zA-Z0-9._/]+$') }),
    S3ObjectAcl: t.string({ enum: ['PUBLIC_READ', 'BUCKET_OWNER_FULL_CONTROL'] }),
  }),
  OcspConfiguration: t.structure({ Enabled: t.required(t.boolean()), OcspCustomCname: cname }),
});

export const keyAlgorithm = t.string({
  // The current model also lists SM2 and ML-DSA; they reach the operation, which refuses them.
  enum: [
    'RSA_2048',
    'RSA_3072',
    'RSA_4096',
    'EC_prime256v1',
    'EC_secp384r1',
    'EC_secp521r1',
    'SM2',
    'ML_DSA_44',
    'ML_DSA_65',
    'ML_DSA_87',
  ],
});

export const signingAlgorithm = t.string({
  enum: [
    'SHA256WITHECDSA',
    'SHA384WITHECDSA',
    'SHA512WITHECDSA',
    'SHA256WITHRSA',
    'SHA384WITHRSA',
    'SHA512WITHRSA',
    'SM3WITHSM2',
    'ML_DSA_44',
    'ML_DSA_65',
    'ML_DSA_87',
  ],
});

export const validity: Shape = t.structure({
  Value: t.required(t.integer({ min: 1 })),
  Type: t.required(t.string({ enum: ['END_DATE', 'ABSOLUTE', 'DAYS', 'MONTHS', 'YEARS'] })),
});
