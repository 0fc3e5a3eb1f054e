/**
 * Private CA's certificate templates (the ones this emulator knows): which
 * extensions each puts into the certificate it issues.
 */
import { x509 } from './x509.ts';

export interface TemplateProfile {
  /** e.g. `EndEntityCertificate/V1` */
  name: string;
  isCa: boolean;
  pathLength?: number;
  keyUsage: number;
  extendedKeyUsages?: string[];
  /** End-entity templates copy the CSR's subject alternative names. */
  copySans: boolean;
  /** RootCACertificate/V1: the CA signs its own CSR (subject = issuer). */
  selfIssued: boolean;
}

const KU = x509.KeyUsageFlags;
const CA_KEY_USAGE = KU.digitalSignature | KU.keyCertSign | KU.cRLSign;

const endEntity = (name: string, keyUsage: number, ekus: string[]): TemplateProfile => ({
  name,
  isCa: false,
  keyUsage,
  extendedKeyUsages: ekus,
  copySans: true,
  selfIssued: false,
});

const subordinate = (pathLength: number): TemplateProfile => ({
  name: `SubordinateCACertificate_PathLen${pathLength}/V1`,
  isCa: true,
  pathLength,
  keyUsage: CA_KEY_USAGE,
  copySans: false,
  selfIssued: false,
});

const PROFILES: TemplateProfile[] = [
  endEntity('EndEntityCertificate/V1', KU.digitalSignature | KU.keyEncipherment, [
    x509.ExtendedKeyUsage.serverAuth,
    x509.ExtendedKeyUsage.clientAuth,
  ]),
  endEntity('EndEntityClientAuthCertificate/V1', KU.digitalSignature, [x509.ExtendedKeyUsage.clientAuth]),
  endEntity('EndEntityServerAuthCertificate/V1', KU.digitalSignature | KU.keyEncipherment, [
    x509.ExtendedKeyUsage.serverAuth,
  ]),
  { name: 'RootCACertificate/V1', isCa: true, keyUsage: CA_KEY_USAGE, copySans: false, selfIssued: true },
  subordinate(0),
  subordinate(1),
  subordinate(2),
  subordinate(3),
];

export const DEFAULT_TEMPLATE = 'EndEntityCertificate/V1';

export function templateByName(name: string): TemplateProfile | undefined {
  return PROFILES.find((p) => p.name === name);
}

/** `arn:aws:acm-pca:::template/EndEntityCertificate/V1` → its profile. */
export function templateFromArn(arn: string): TemplateProfile | undefined {
  const [, name] = /^arn:aws[a-z-]*:acm-pca:::template\/(.+)$/.exec(arn) ?? [];
  return name !== undefined ? templateByName(name) : undefined;
}

export function templateArn(name: string): string {
  return `arn:aws:acm-pca:::template/${name}`;
}
