/** Runs Debian's /usr/bin/openssl; secrets go through 0600 files, never the command line. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Teardown } from './aws-local.ts';

export const OPENSSL = '/usr/bin/openssl';

export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function openssl(args: readonly string[], cwd: string, input?: string): Promise<OpensslResult> {
  return new Promise((resolve) => {
    const child = execFile(OPENSSL, args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    // openssl commands that read no input may exit before stdin is written: that EPIPE is not a failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

export interface ScratchDir {
  dir: string;
  /** Writes a file with mode 0600 and returns its path. */
  write(name: string, text: string | Buffer): Promise<string>;
}

/** A private scratch directory removed when the test ends. */
export async function scratchDir(t: Teardown): Promise<ScratchDir> {
  const dir = await mkdtemp(join(tmpdir(), 'pca-mtls-openssl-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return {
    dir,
    async write(name, text) {
      const path = join(dir, name);
      await writeFile(path, text, { mode: 0o600 });
      return path;
    },
  };
}

export interface ExportedPem {
  certificate: string;
  chain: string;
  encryptedKey: string;
  passphrase: string;
}

/**
 * What an operator would check by hand, with a client nobody here wrote:
 * the key decrypts with the passphrase, it matches the certificate, and the
 * certificate verifies against `rootPem` through the chain.
 */
export async function checkWithOpenssl(t: Teardown, material: ExportedPem, rootPem: string) {
  const scratch = await scratchDir(t);
  const keyFile = await scratch.write('key.enc.pem', material.encryptedKey);
  const passFile = await scratch.write('pass.txt', material.passphrase);
  const certFile = await scratch.write('leaf.pem', material.certificate);
  const chainFile = await scratch.write('chain.pem', material.chain);
  const rootFile = await scratch.write('root.pem', rootPem);
  const decrypted = await openssl(['pkcs8', '-in', keyFile, '-passin', `file:${passFile}`], scratch.dir);
  const keyPub = decrypted.code === 0 ? await openssl(['pkey', '-pubout'], scratch.dir, decrypted.stdout) : decrypted;
  const certPub = await openssl(['x509', '-in', certFile, '-noout', '-pubkey'], scratch.dir);
  const verify = await openssl(['verify', '-CAfile', rootFile, '-untrusted', chainFile, certFile], scratch.dir);
  const text = await openssl(['x509', '-in', certFile, '-noout', '-text'], scratch.dir);
  const asn1 = await openssl(['asn1parse', '-in', keyFile], scratch.dir);
  return {
    decrypts: decrypted.code === 0 && /BEGIN PRIVATE KEY/.test(decrypted.stdout),
    keyMatchesCertificate: keyPub.code === 0 && certPub.code === 0 && keyPub.stdout === certPub.stdout,
    verify,
    certificateText: text.stdout,
    /** The encryption algorithms of the PKCS#8 key, e.g. PBES2, PBKDF2, hmacWithSHA256, aes-256-cbc. */
    keyAlgorithms: asn1.stdout,
  };
}
