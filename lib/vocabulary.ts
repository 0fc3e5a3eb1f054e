/**
 * The words every pca-mtls unit shares — the export, renewal, the agent, the
 * Envoy renderers, the CLI and the Lambdas import them from here, so a role or
 * a tag is spelled once (docs/architecture.md, "Contracts").
 */

/** What an identity does in mTLS: present its certificate as a client, accept clients as a server, or both. */
export const ROLES = ['client', 'server', 'both'] as const;
export type Role = (typeof ROLES)[number];

/** How a new certificate reaches the tasks: agents swap files (`hot`) or ECS redeploys the bound services. */
export const ROTATION_MODES = ['hot', 'redeploy'] as const;
export type RotationMode = (typeof ROTATION_MODES)[number];

/** Where an identity's certificate comes from: ACM (which can renew it) or Private CA directly. */
export const CERTIFICATE_SOURCES = ['acm', 'pca'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/** The secret id prefix identity secrets live under, and the trust bundle's default secret. */
export const SECRET_ID_PREFIX = 'pca-mtls/';
export const DEFAULT_TRUST_SECRET_ID = 'pca-mtls/trust';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isRotationMode(value: string): value is RotationMode {
  return (ROTATION_MODES as readonly string[]).includes(value);
}
