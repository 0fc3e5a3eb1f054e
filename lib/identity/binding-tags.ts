import type { CertificateSource, Role } from '../vocabulary.ts';
import {
  TAG_CERTIFICATE_ARN,
  TAG_ECS_SERVICES,
  TAG_IDENTITY,
  TAG_NOT_AFTER,
  TAG_NOT_BEFORE,
  TAG_ROLE,
  TAG_ROTATION,
  TAG_SERIAL,
  TAG_SOURCE,
} from '../secret-schema/tags.ts';
import type { ExportRequest } from './export-request.ts';

/** What the tags record about the AWSCURRENT certificate (docs/architecture.md, "Tags and staging labels"). */
export interface StoredCertificateFacts {
  certificateArn?: string;
  source: CertificateSource;
  role: Role;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** Whole seconds: ACM's ListCertificates reports epoch seconds, so the sweep compares at that precision. */
export function tagTime(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The tags that bind a secret to its identity, certificate, ECS services and
 * rotation mode, plus the facts a sweep decides with (source, role, serial,
 * validity), so that deciding costs no value read.
 */
export function bindingTags(
  request: Pick<ExportRequest, 'identity' | 'ecsServices' | 'rotation'>,
  facts: StoredCertificateFacts,
): Record<string, string> {
  return {
    [TAG_IDENTITY]: request.identity,
    [TAG_CERTIFICATE_ARN]: facts.certificateArn ?? '',
    [TAG_ECS_SERVICES]: request.ecsServices.join(' '),
    [TAG_ROTATION]: request.rotation,
    [TAG_SOURCE]: facts.source,
    [TAG_ROLE]: facts.role,
    [TAG_SERIAL]: facts.serial,
    [TAG_NOT_BEFORE]: tagTime(facts.notBefore),
    [TAG_NOT_AFTER]: tagTime(facts.notAfter),
  };
}
