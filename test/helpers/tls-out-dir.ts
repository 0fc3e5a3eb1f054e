/**
 * Builds the agent's output directory (docs/architecture.md, "Agent output
 * directory") the way the agent does, for tests of the programs that read it:
 * versioned directories with `cert-chain.pem`, `key.pem` (0600) and
 * `trust-bundle.pem`, and `current` swapped atomically (a new symlink renamed
 * over the old one).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Teardown } from './aws-local.ts';
import { CURRENT_LINK, MATERIAL_FILES } from '../../lib/out-dir-layout.ts';
import {
  bundlePem,
  createLeaf,
  createRootCa,
  createSubordinateCa,
  type FixtureCa,
  type FixtureCertificate,
  type LeafOptions,
} from './pki-fixtures.ts';

export interface TlsFiles {
  certChainPem: string;
  keyPem: string;
  trustBundlePem: string;
}

export interface TlsOutDir {
  dir: string;
  /** Writes a new versioned directory and points `current` at it atomically; returns the version directory. */
  install(files: TlsFiles): Promise<string>;
}

export async function createTlsOutDir(t: Teardown): Promise<TlsOutDir> {
  const dir = await mkdtemp(join(tmpdir(), 'pca-mtls-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  let version = 0;
  return {
    dir,
    async install(files) {
      const name = `v${++version}-${randomBytes(4).toString('hex')}`;
      const versionDir = join(dir, name);
      await mkdir(versionDir, { mode: 0o700 });
      await writeFile(join(versionDir, MATERIAL_FILES.certChain), files.certChainPem, { mode: 0o644 });
      await writeFile(join(versionDir, MATERIAL_FILES.key), files.keyPem, { mode: 0o600 });
      await writeFile(join(versionDir, MATERIAL_FILES.trustBundle), files.trustBundlePem, { mode: 0o644 });
      const temporary = join(dir, `.current-${name}`);
      await symlink(name, temporary);
      await rename(temporary, join(dir, CURRENT_LINK));
      return versionDir;
    },
  };
}

/** The demo's PKI: one issuing chain per identity, both roots trusted by both sides, and an outsider. */
export interface DemoPki {
  tellerRoot: FixtureCa;
  tellerIssuer: FixtureCa;
  gatewayRoot: FixtureCa;
  gatewayIssuer: FixtureCa;
  /** A CA nobody trusts. */
  outsiderRoot: FixtureCa;
  trustBundlePem: string;
  /** A leaf from the teller's issuer (serverAuth, `colorteller.mesh.local`). */
  tellerLeaf(options?: LeafOptions): Promise<FixtureCertificate>;
  /** A leaf from the gateway's issuer (clientAuth, `colorgateway.mesh.local`). */
  gatewayLeaf(options?: LeafOptions): Promise<FixtureCertificate>;
  /** The files the agent writes for `leaf` issued by `issuer`. */
  filesFor(leaf: FixtureCertificate, issuer: FixtureCa): TlsFiles;
}

export const TELLER_DNS = 'colorteller.mesh.local';
export const GATEWAY_DNS = 'colorgateway.mesh.local';

export async function createDemoPki(): Promise<DemoPki> {
  const tellerRoot = await createRootCa({ commonName: 'colorteller root' });
  const tellerIssuer = await createSubordinateCa(tellerRoot, { commonName: 'colorteller issuing CA' });
  const gatewayRoot = await createRootCa({ commonName: 'colorgateway root' });
  const gatewayIssuer = await createSubordinateCa(gatewayRoot, { commonName: 'colorgateway issuing CA' });
  const outsiderRoot = await createRootCa({ commonName: 'outsider root' });
  const trustBundlePem = bundlePem(tellerRoot, gatewayRoot);
  const rootOf = (issuer: FixtureCa) =>
    issuer === tellerIssuer ? tellerRoot : issuer === gatewayIssuer ? gatewayRoot : undefined;
  return {
    tellerRoot,
    tellerIssuer,
    gatewayRoot,
    gatewayIssuer,
    outsiderRoot,
    trustBundlePem,
    tellerLeaf: (options = {}) =>
      createLeaf(tellerIssuer, { commonName: TELLER_DNS, extendedKeyUsage: ['serverAuth'], ...options }),
    gatewayLeaf: (options = {}) =>
      createLeaf(gatewayIssuer, { commonName: GATEWAY_DNS, extendedKeyUsage: ['clientAuth'], ...options }),
    filesFor(leaf, issuer) {
      const root = rootOf(issuer);
      return {
        // Leaf then chain, as ACM returns the chain (issuer, then root).
        certChainPem: root ? bundlePem(leaf, issuer, root) : bundlePem(leaf, issuer),
        keyPem: leaf.privateKeyPem,
        trustBundlePem,
      };
    },
  };
}
