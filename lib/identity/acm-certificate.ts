import {
  DescribeCertificateCommand,
  ExportCertificateCommand,
  RequestCertificateCommand,
  type ACMClient,
  type CertificateDetail,
} from '@aws-sdk/client-acm';
import { CreatePermissionCommand, ListPermissionsCommand, type ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { createHash } from 'node:crypto';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import type { Role } from '../vocabulary.ts';
import { ExportError } from './errors.ts';
import type { ExportRequest } from './export-request.ts';
import type { ExportedMaterial } from './exported-material.ts';

const ACM_PRINCIPAL = 'acm.amazonaws.com';
const ACM_RENEWAL_ACTIONS = ['IssueCertificate', 'GetCertificate', 'ListPermissions'] as const;

/**
 * The same request (identity, names, CA, key) gets the same token, so ACM
 * returns the same certificate when an export is retried within the hour.
 */
export function acmIdempotencyToken(request: ExportRequest): string {
  const basis = [request.identity, request.domain, ...request.sans, request.caArn, request.keyAlgorithm].join('|');
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}

export async function requestAcmCertificate(acm: ACMClient, request: ExportRequest): Promise<string> {
  const out = await awsCall('acm:RequestCertificate', () =>
    acm.send(
      new RequestCertificateCommand({
        DomainName: request.domain,
        SubjectAlternativeNames: [...new Set([request.domain!, ...request.sans])],
        CertificateAuthorityArn: request.caArn,
        KeyAlgorithm: request.keyAlgorithm,
        IdempotencyToken: acmIdempotencyToken(request),
        Tags: [{ Key: 'pca-mtls:identity', Value: request.identity }],
      }),
    ),
  );
  return out.CertificateArn!;
}

/** ACM renews a private certificate only while it holds these permissions on the CA. */
export async function ensureAcmCanRenew(pca: ACMPCAClient, caArn: string): Promise<'present' | 'granted'> {
  const { Permissions = [] } = await awsCall('acm-pca:ListPermissions', () =>
    pca.send(new ListPermissionsCommand({ CertificateAuthorityArn: caArn })),
  );
  const held = Permissions.find((p) => p.Principal === ACM_PRINCIPAL);
  if (held && ACM_RENEWAL_ACTIONS.every((a) => held.Actions?.includes(a))) return 'present';
  try {
    await awsCall('acm-pca:CreatePermission', () =>
      pca.send(
        new CreatePermissionCommand({
          CertificateAuthorityArn: caArn,
          Principal: ACM_PRINCIPAL,
          Actions: [...ACM_RENEWAL_ACTIONS],
        }),
      ),
    );
  } catch (err) {
    // Another export granted it meanwhile.
    if (!(err instanceof AwsCallError && err.awsErrorName === 'PermissionAlreadyExistsException')) throw err;
  }
  return 'granted';
}

/** Checks that an existing ACM certificate can be exported at all, with a reason a person can act on. */
export async function describeExportableCertificate(
  acm: ACMClient,
  certificateArn: string,
): Promise<CertificateDetail> {
  let detail: CertificateDetail | undefined;
  try {
    detail = (
      await awsCall('acm:DescribeCertificate', () =>
        acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn })),
      )
    ).Certificate;
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') {
      throw new ExportError(
        'CERTIFICATE_NOT_FOUND',
        `ACM certificate ${certificateArn} does not exist in this account and region`,
        { cause: err },
      );
    }
    throw err;
  }
  if (!detail) throw new ExportError('CERTIFICATE_NOT_FOUND', `ACM certificate ${certificateArn} does not exist`);
  return checkExportable(detail, certificateArn);
}

/** The checks of `describeExportableCertificate` on an answer the caller already has. */
export function checkExportable(detail: CertificateDetail, certificateArn: string): CertificateDetail {
  const exportable = detail.Type === 'PRIVATE' || detail.Options?.Export === 'ENABLED';
  if (!exportable) {
    throw new ExportError(
      'CERTIFICATE_NOT_EXPORTABLE',
      `ACM certificate ${certificateArn} is a ${detail.Type ?? 'non-private'} certificate created without export enabled; ACM cannot export its key. Issue a private certificate from Private CA instead`,
    );
  }
  if (detail.Status !== 'ISSUED') {
    throw new ExportError(
      'CERTIFICATE_NOT_ISSUED',
      `ACM certificate ${certificateArn} is ${detail.Status}, not ISSUED`,
    );
  }
  return detail;
}

/**
 * ACM issues public certificates with the serverAuth extended key usage only
 * (since June 2025), so an exportable public certificate can serve the
 * `server` role and never `client` or `both`: refused before anything is
 * exported (an export of a public certificate is billed).
 *
 * @throws ExportError PUBLIC_CERTIFICATE_SERVER_ONLY
 */
export function checkPublicCertificateRole(detail: CertificateDetail, certificateArn: string, role: Role): void {
  if (detail.Type !== 'AMAZON_ISSUED' || role === 'server') return;
  throw new ExportError(
    'PUBLIC_CERTIFICATE_SERVER_ONLY',
    `ACM certificate ${certificateArn} is a public (AMAZON_ISSUED) certificate; ACM issues those with the serverAuth extended key usage only, so it cannot be used for the ${role} role. Export it with role server, or give this identity a private certificate (ACM with --ca-arn, or the pca source with the EndEntityClientAuthCertificate/V1 template)`,
  );
}

/** ExportCertificate with a fresh passphrase: certificate, chain without the leaf, encrypted key. */
export async function exportAcmCertificate(
  acm: ACMClient,
  certificateArn: string,
  passphrase: string,
): Promise<Omit<ExportedMaterial, 'caArn'>> {
  const out = await awsCall('acm:ExportCertificate', () =>
    acm.send(new ExportCertificateCommand({ CertificateArn: certificateArn, Passphrase: Buffer.from(passphrase) })),
  );
  return {
    certificatePem: out.Certificate!,
    chainPem: out.CertificateChain ?? '',
    encryptedKeyPem: out.PrivateKey!,
    passphrase,
    certificateArn,
  };
}
