import { join } from 'node:path';
import { currentMaterialPath, ENVOY_FILES } from '../../lib/out-dir-layout.ts';

/** Names of the two SDS secrets: the identity (certificate + key) and the trust bundle (CA certificates). */
export const SDS_SECRET_NAMES = Object.freeze({
  tlsCertificate: 'pca_mtls_tls_certificate',
  trustBundle: 'pca_mtls_trust_bundle',
});

export const SECRET_TYPE_URL = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';

/** Where the rendered files live in `<out-dir>`: the bootstrap and one SDS file per secret. */
export function envoyFilePaths(outDir: string) {
  return Object.freeze({
    bootstrap: join(outDir, ENVOY_FILES.bootstrap),
    tlsCertificateSds: join(outDir, ENVOY_FILES.tlsCertificateSds),
    trustBundleSds: join(outDir, ENVOY_FILES.trustBundleSds),
  });
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
          certificate_chain: { filename: currentMaterialPath(outDir, 'certChain') },
          private_key: { filename: currentMaterialPath(outDir, 'key') },
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
          trusted_ca: { filename: currentMaterialPath(outDir, 'trustBundle') },
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
