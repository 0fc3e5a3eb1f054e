import { hostname } from 'node:os';
import type { Logger } from '../../lib/logger.ts';
import { envoyFilePaths } from '../config/render-sds.ts';
import { renderEnvoyFiles, type EnvoyRenderOptions } from '../config/render-bootstrap.ts';
import type { MaterialInPlace } from './agent-status.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { parseSettings, resolveAgentConfig, type AgentConfig } from './config.ts';
import { fetchMaterial, type AgentClients, type FetchedMaterial } from './fetch-material.ts';
import { assertMemoryBacked, examineFilesystem, type FilesystemCheck } from './memory-filesystem.ts';
import { verifyFetchedMaterial, type VerifiedIdentity } from './verify.ts';
import { prepareOutDir, writeMaterialVersion, type MaterialPaths } from './write-material.ts';
import type { Role } from '../../lib/vocabulary.ts';

/** Everything the agent's steps need from outside; tests inject each. */
export interface AgentDependencies {
  clients: AgentClients;
  logger: Logger;
  now: () => Date;
  examineFilesystem?: (dir: string) => Promise<FilesystemCheck>;
}

/** Rendered files are not secret (paths only) but Envoy's user must read them. */
const ENVOY_FILE_MODE = 0o644;

/** One identity fetched, verified and swapped in. */
export interface MaterialUpdate {
  verified: VerifiedIdentity;
  material: MaterialInPlace;
  paths: MaterialPaths & { current: string };
  /** Secrets Manager calls it took (1 with BatchGetSecretValue). */
  fetchCalls: number;
}

/**
 * Steps 1–3: fetch identity and trust bundle, verify them in memory, then
 * write a new version and swap `current` to it. Nothing is written unless
 * every check passed. Watch mode calls this for each new version.
 */
export async function fetchVerifyWrite(config: AgentConfig, deps: AgentDependencies): Promise<MaterialUpdate> {
  return verifyAndWrite(await fetchMaterial(deps.clients, config), config, deps);
}

/** Steps 2–3 on material already fetched: verify in memory, then write a new version and swap `current` to it. */
export async function verifyAndWrite(
  fetched: FetchedMaterial,
  config: AgentConfig,
  deps: Pick<AgentDependencies, 'now'>,
): Promise<MaterialUpdate> {
  const verified = verifyFetchedMaterial(fetched, { role: config.role, now: deps.now() });
  await prepareOutDir(config.outDir, config);
  const written = await writeMaterialVersion(
    {
      certChainPem: verified.certChainPem,
      // Envoy reads a plain PKCS#8 key; it exists decrypted only in this memory-backed file.
      keyPem: verified.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      trustBundlePem: verified.trustBundlePem,
    },
    { outDir: config.outDir, label: verified.serial, uid: config.uid, gid: config.gid, now: deps.now },
  );
  return {
    verified,
    fetchCalls: fetched.calls,
    paths: { ...written.paths, current: written.current },
    material: Object.freeze({
      identity: verified.identity,
      serial: verified.serial,
      notBefore: verified.notBefore,
      notAfter: verified.notAfter,
      identityVersionId: verified.identityVersionId,
      trustVersionId: verified.trustVersionId,
      version: written.version,
      writtenAt: deps.now(),
    }),
  };
}

/** What Envoy's files are rendered from: the agent's settings plus the identity's name. */
export function envoyRenderOptions(
  config: AgentConfig,
  identity = identityFromSecretId(config.secretId),
): EnvoyRenderOptions {
  return {
    outDir: config.outDir,
    role: config.role,
    // node.id is per task (Envoy's admin and stats show it); node.cluster groups the service's tasks.
    nodeId: `${identity}.${hostname()}`,
    nodeCluster: identity,
    adminPort: config.adminPort,
    listenPort: config.listenPort,
    appPort: config.appPort,
    allowPeerSans: config.allowPeerSans,
    egressPort: config.egressPort,
    upstream: config.upstream,
    serverSan: config.serverSan,
  };
}

/** `pca-mtls/colorteller` or its ARN → `colorteller`. */
export function identityFromSecretId(secretId: string): string {
  return (
    secretId
      .replace(/^arn:[^:]*:secretsmanager:[^:]*:\d*:secret:/, '')
      .replace(/-[A-Za-z0-9]{6}$/, '')
      .split('/')
      .at(-1) || 'pca-mtls'
  );
}

/** Step 4: Envoy's bootstrap and the two SDS files, each written atomically into `<out-dir>`. */
export async function writeEnvoyConfig(
  config: AgentConfig,
  identity: string,
): Promise<ReturnType<typeof envoyFilePaths>> {
  const files = renderEnvoyFiles(envoyRenderOptions(config, identity));
  for (const [path, text] of Object.entries(files)) await writeFileAtomic(path, text, ENVOY_FILE_MODE, config);
  return envoyFilePaths(config.outDir);
}

/** What one bootstrap wrote; no secret, safe to print. */
export interface BootstrapResult {
  identity: string;
  serial: string;
  subject: string;
  dnsNames: readonly string[];
  notBefore: string;
  notAfter: string;
  /** Secrets Manager version ids the files came from. */
  secretVersionId: string;
  trustBundleVersionId: string;
  /** The `v-…` directory `current` points at. */
  version: string;
  outDir: string;
  files: MaterialPaths & { current: string };
  envoyConfig: ReturnType<typeof envoyFilePaths>;
  filesystem: FilesystemCheck;
  fetchCalls: number;
  material: MaterialInPlace;
}

/**
 * Steps 1–4 once: refuse a disk-backed out dir (unless --allow-disk), fetch,
 * verify, write the material and render Envoy's files. What `--once` does,
 * and what `npm start` calls for each identity.
 *
 * @example
 * const result = await bootstrap(parseAgentConfig(['--secret-id', 'pca-mtls/colorteller', '--role', 'server',
 *   '--allow-peer-san', 'colorgateway.mesh.local', '--out-dir', dir]), { clients, logger, now: () => new Date() });
 * result.serial; result.files.certChain; result.envoyConfig.bootstrap;
 */
export async function bootstrap(config: AgentConfig, deps: AgentDependencies): Promise<BootstrapResult> {
  const filesystem = await assertMemoryBacked(
    config.outDir,
    config.allowDisk,
    deps.examineFilesystem ?? examineFilesystem,
  );
  const update = await fetchVerifyWrite(config, deps);
  const envoyConfig = await writeEnvoyConfig(config, update.verified.identity);
  const { verified, material } = update;
  return {
    identity: verified.identity,
    serial: verified.serial,
    subject: verified.subject,
    dnsNames: verified.dnsNames,
    notBefore: verified.notBefore.toISOString(),
    notAfter: verified.notAfter.toISOString(),
    secretVersionId: verified.identityVersionId,
    trustBundleVersionId: verified.trustVersionId,
    version: material.version,
    outDir: config.outDir,
    files: update.paths,
    envoyConfig,
    filesystem,
    fetchCalls: update.fetchCalls,
    material,
  };
}

/** The settings `runAgentOnce` takes: the agent's flags as an object (same names, same validation). */
export interface AgentOnceSettings {
  secretId: string;
  outDir: string;
  role: Role;
  trustSecretId?: string;
  allowPeerSans?: readonly string[];
  serverSan?: string;
  /** `HOST:PORT` */
  upstream?: string;
  listenPort?: number;
  appPort?: number;
  egressPort?: number;
  adminPort?: number;
  uid?: number;
  gid?: number;
  allowDisk?: boolean;
}

/**
 * `pca-mtls agent --once` as a function, for the `npm start` walkthrough and
 * other in-process callers: validates the settings with the agent's own
 * schema, then fetches, verifies, writes and renders one identity.
 *
 * @example
 * const teller = await runAgentOnce(
 *   { secretId: 'pca-mtls/colorteller', role: 'server', allowPeerSans: ['colorgateway.mesh.local'], outDir: tellerDir },
 *   { clients, logger, now: () => new Date() });
 * // teller.serial, teller.secretVersionId, teller.files.certChain, teller.envoyConfig.bootstrap
 * @throws AgentConfigError, MaterialRejectedError, AgentError, AwsCallError — each with a stable `code`
 */
export async function runAgentOnce(settings: AgentOnceSettings, deps: AgentDependencies): Promise<BootstrapResult> {
  const config = resolveAgentConfig(
    parseSettings({
      secretId: settings.secretId,
      trustSecretId: settings.trustSecretId,
      outDir: settings.outDir,
      role: settings.role,
      allowPeerSan: settings.allowPeerSans ?? [],
      serverSan: settings.serverSan,
      upstream: settings.upstream,
      listenPort: settings.listenPort,
      appPort: settings.appPort,
      egressPort: settings.egressPort,
      adminPort: settings.adminPort,
      uid: settings.uid,
      gid: settings.gid,
      allowDisk: settings.allowDisk ?? false,
      once: true,
    }),
  );
  return bootstrap(config, deps);
}
