import { AwsError } from '../../core/aws-error.ts';
import { paginate, type PagingRules } from '../../core/paginate.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { viewAt } from '../certificates.ts';
import { extendedKeyUsagesOf, KEY_USAGES, summarizeCertificate } from '../describe.ts';
import { keyAlgorithm } from '../shapes.ts';
import type { AcmState } from '../state.ts';

interface Input {
  CertificateStatuses?: string[];
  Includes?: { extendedKeyUsage?: string[]; keyUsage?: string[]; keyTypes?: string[]; exportOption?: string };
  NextToken?: string;
  MaxItems?: number;
  SortBy?: 'CREATED_AT';
  SortOrder?: 'ASCENDING' | 'DESCENDING';
}

const STATUSES = ['PENDING_VALIDATION', 'ISSUED', 'INACTIVE', 'EXPIRED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'FAILED'];
const EKU_NAMES = [
  'TLS_WEB_SERVER_AUTHENTICATION',
  'TLS_WEB_CLIENT_AUTHENTICATION',
  'CODE_SIGNING',
  'EMAIL_PROTECTION',
  'TIME_STAMPING',
  'OCSP_SIGNING',
  'IPSEC_END_SYSTEM',
  'IPSEC_TUNNEL',
  'IPSEC_USER',
  'ANY',
  'NONE',
  'CUSTOM',
];
const KU_NAMES = [
  'DIGITAL_SIGNATURE',
  'NON_REPUDIATION',
  'KEY_ENCIPHERMENT',
  'DATA_ENCIPHERMENT',
  'KEY_AGREEMENT',
  'CERTIFICATE_SIGNING',
  'CRL_SIGNING',
  'ENCIPHER_ONLY',
  'DECIPHER_ONLY',
  'ANY',
  'CUSTOM',
];
/** Everything that is left unless MaxItems says otherwise; a foreign token is an InvalidNextTokenException. */
const PAGING: PagingRules<unknown> = {
  scope: 'ListCertificates',
  invalidToken: () =>
    new AwsError('InvalidNextTokenException', 'The token specified in the NextToken argument is not valid.'),
};
/** Without a keyTypes filter, ListCertificates returns only RSA_2048 certificates (documented). */
const DEFAULT_KEY_TYPES = ['RSA_2048'];

export default defineOperation<AcmState, Input>({
  input: t.structure({
    CertificateStatuses: t.list(t.string({ enum: STATUSES })),
    Includes: t.structure({
      extendedKeyUsage: t.list(t.string({ enum: EKU_NAMES })),
      keyUsage: t.list(t.string({ enum: KU_NAMES })),
      keyTypes: t.list(keyAlgorithm),
      exportOption: t.string({ enum: ['ENABLED', 'DISABLED'] }),
    }),
    NextToken: t.string({ min: 1, max: 10000 }),
    MaxItems: t.integer({ min: 1, max: 1000 }),
    SortBy: t.string({ enum: ['CREATED_AT'] }),
    SortOrder: t.string({ enum: ['ASCENDING', 'DESCENDING'] }),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const keyTypes = input.Includes?.keyTypes?.length ? input.Includes.keyTypes : DEFAULT_KEY_TYPES;
    const matches = Object.values(ctx.state.certificates).filter((certificate) => {
      if (nowMs < certificate.visibleAt) return false;
      if (!keyTypes.includes(certificate.keyAlgorithm)) return false;
      const status = viewAt(certificate, nowMs).status;
      if (input.CertificateStatuses?.length && !input.CertificateStatuses.includes(status)) return false;
      // Each usage asked for must be in the certificate ("ANY" matches any).
      const wanted = (asked: string[] | undefined, present: string[]) =>
        (asked ?? []).every((usage) => usage === 'ANY' || present.includes(usage));
      const exportOption = input.Includes?.exportOption;
      if (exportOption && (certificate.options?.Export === 'ENABLED' ? 'ENABLED' : 'DISABLED') !== exportOption)
        return false;
      const ekuNames = extendedKeyUsagesOf(certificate).map((e) => e.Name);
      return wanted(input.Includes?.extendedKeyUsage, ekuNames) && wanted(input.Includes?.keyUsage, KEY_USAGES);
    });
    matches.sort((a, b) => (input.SortOrder === 'DESCENDING' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
    const { items, nextToken } = paginate(matches, { maxResults: input.MaxItems, nextToken: input.NextToken }, PAGING);
    return { CertificateSummaryList: items.map((c) => summarizeCertificate(c, nowMs)), NextToken: nextToken };
  },
});
