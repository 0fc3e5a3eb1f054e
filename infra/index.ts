// The constructs and stack pca-mtls users put in their own CDK apps.
export { PcaMtlsStack, type PcaMtlsStackProps } from './pca-mtls-stack.js';
export { PcaMtlsIdentity, type PcaMtlsIdentityProps } from './constructs/pca-mtls-identity.js';
export { PcaMtlsTrustBundle, type PcaMtlsTrustBundleProps } from './constructs/pca-mtls-trust-bundle.js';
export { EnvoyMtlsSidecar, type EnvoyMtlsSidecarProps } from './constructs/envoy-mtls-sidecar.js';
export type { SidecarSettings } from './constructs/sidecar-settings.js';
export { InvalidPropsError } from './constructs/props-error.js';
export { LambdaBundleMissingError } from './constructs/lambda-bundles.js';
export { SECRETS_KEY_ALIAS } from './constructs/secrets-key.js';
export { rolePolicyStatements } from './iam/role-policies.js';
