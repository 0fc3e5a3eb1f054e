/**
 * The agent's output directory, as the agent writes it and everything else
 * (lib/tls readers, the Envoy renderers, the walkthrough) reads it
 * (docs/architecture.md, "Agent output directory"):
 * `<out-dir>/current -> v-…/{cert-chain,key,trust-bundle}.pem`, plus the
 * rendered Envoy bootstrap and SDS files directly in `<out-dir>`.
 */
import { join } from 'node:path';

/** The symlink swapped atomically to a new version directory. */
export const CURRENT_LINK = 'current';

/** The files of one version: leaf then chain, the decrypted key (0600), the CAs peers are checked against. */
export const MATERIAL_FILES = Object.freeze({
  certChain: 'cert-chain.pem',
  key: 'key.pem',
  trustBundle: 'trust-bundle.pem',
});
export type MaterialFile = keyof typeof MATERIAL_FILES;

/** Envoy's files: the bootstrap and one file-based SDS resource per secret. */
export const ENVOY_FILES = Object.freeze({
  bootstrap: 'envoy.yaml',
  tlsCertificateSds: 'tls-certificate.sds.yaml',
  trustBundleSds: 'trust-bundle.sds.yaml',
});

/** A material file read through `current`, so one symlink swap changes all of them together. */
export function currentMaterialPath(outDir: string, file: MaterialFile): string {
  return join(outDir, CURRENT_LINK, MATERIAL_FILES[file]);
}
