// The constructs and stack pca-mtls users put in their own CDK apps.
export { PcaMtlsStack, type PcaMtlsStackProps } from './pca-mtls-stack.ts';
export { PcaMtlsIdentity, type PcaMtlsIdentityProps } from './constructs/pca-mtls-identity.ts';
export { PcaMtlsTrustBundle, type PcaMtlsTrustBundleProps } from './constructs/pca-mtls-trust-bundle.ts';
export { EnvoyMtlsSidecar, type EnvoyMtlsSidecarProps } from './constructs/envoy-mtls-sidecar.ts';
export type { SidecarSettings } from './constructs/sidecar-settings.ts';
export { InvalidPropsError } from './constructs/props-error.ts';
export { LambdaBundleMissingError } from './constructs/lambda-bundles.ts';
export { SECRETS_KEY_ALIAS } from './constructs/secrets-key.ts';
export { rolePolicyStatements } from './iam/role-policies.ts';
