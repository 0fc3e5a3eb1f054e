import { join } from 'node:path';

/** Names of the two SDS secrets: the identity (certificate + key) and the trust bundle (CA certificates). */
export const SDS_SECRET_NAMES = Object.freeze({
  tlsCertificate: 'pca_mtls_tls_certificate',
  trustBundle: 'pca_mtls_trust_bundle',
});

export const SECRET_TYPE_URL = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';

/** Where the rendered files live in `<out-dir>`: the bootstrap and one SDS file per secret. */
export function envoyFilePaths(outDir: string) {
  return Object.freeze({
    bootstrap: join(outDir, 'envoy.yaml'),
    tlsCertificateSds: join(outDir, 'tls-certificate.sds.yaml'),
    trustBundleSds: join(outDir, 'trust-bundle.sds.yaml'),
  });
}

/** The certificate files, always read through `<out-dir>/current` so one symlink swap changes them together. */
function currentFile(outDir: string, name: string): string {
  return join(outDir, 'current', name);
}

/**
 * File-based SDS for the identity: a DiscoveryResponse with exactly one
 * `Secret` whose name is the one the listeners and clusters ask for. The
 * paths go through `current`, and Envoy reloads them when something is moved
 * into the watched directory `<out-dir>` — which the agent's symlink rename is.
 */
export function renderTlsCertificateSds(outDir: string) {
  return {
    resources: [
      {
        '@type': SECRET_TYPE_URL,
        name: SDS_SECRET_NAMES.tlsCertificate,
        tls_certificate: {
          certificate_chain: { filename: currentFile(outDir, 'cert-chain.pem') },
          private_key: { filename: currentFile(outDir, 'key.pem') },
        },
      },
    ],
  };
}

/** File-based SDS for the trust bundle (the CAs peers may chain to; several during a CA rotation). */
export function renderTrustBundleSds(outDir: string) {
  return {
    resources: [
      {
        '@type': SECRET_TYPE_URL,
        name: SDS_SECRET_NAMES.trustBundle,
        validation_context: {
          trusted_ca: { filename: currentFile(outDir, 'trust-bundle.pem') },
        },
      },
    ],
  };
}

/** An `SdsSecretConfig` reading `sdsFile`, reloaded on moves into `outDir`. */
export function sdsSecretConfig(name: string, sdsFile: string, outDir: string) {
  return {
    name,
    sds_config: {
      path_config_source: { path: sdsFile, watched_directory: { path: outDir } },
      resource_api_version: 'V3',
    },
  };
}
