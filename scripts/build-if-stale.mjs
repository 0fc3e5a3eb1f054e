// Runs scripts/build.mjs (esbuild only, no type-check) unless every bundle in dist/ is newer than every
// source it is built from. The test suite runs this first (.taprc `before`), so the end-to-end tests always
// spawn bundles of the code as it is on disk, and `npm start` runs it before starting the built CLI.
// node scripts/build-if-stale.mjs [--quiet]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_CHUNK_MANIFEST } from './cli-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every file scripts/build.mjs writes under a fixed name; one missing means a build. */
export const BUNDLE_OUTPUTS = [
  'dist/cli.mjs',
  `dist/${CLI_CHUNK_MANIFEST}`,
  'dist/colorteller.mjs',
  'dist/colorgateway.mjs',
  'dist/compose-setup.mjs',
  'dist/agent.mjs',
  'dist/agent-core.cjs',
  'dist/agent-core.cache',
  'dist/agent-supervisor.cjs',
  'dist/lambdas/export-certificate/index.mjs',
  'dist/lambdas/renew-certificate/index.mjs',
];

/** What the bundles are built from: the product's sources, the build scripts, and the installed packages. */
const SOURCE_DIRS = ['cli', 'lib', 'envoy', 'services', 'lambdas', 'docker/setup', 'scripts'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
const SOURCE_EXTENSIONS = /\.(ts|mts|cts|mjs|cjs|js|json)$/;

function mtimeOrUndefined(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestSource() {
  let newest = { mtime: 0, path: '' };
  const visit = (path) => {
    const mtime = mtimeOrUndefined(path);
    if (mtime !== undefined && mtime > newest.mtime) newest = { mtime, path };
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE_EXTENSIONS.test(entry.name)) visit(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir));
  for (const file of SOURCE_FILES) visit(join(ROOT, file));
  return newest;
}

/**
 * BUNDLE_OUTPUTS and the CLI's chunks (their names carry a content hash, so the build lists them in a
 * manifest); without a readable manifest, BUNDLE_OUTPUTS alone, in which the manifest is then missing.
 */
export function bundleOutputs(root = ROOT) {
  try {
    const chunks = JSON.parse(readFileSync(join(root, 'dist', CLI_CHUNK_MANIFEST), 'utf8'));
    return Array.isArray(chunks) ? [...BUNDLE_OUTPUTS, ...chunks.map((chunk) => `dist/${chunk}`)] : BUNDLE_OUTPUTS;
  } catch {
    return BUNDLE_OUTPUTS;
  }
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. */
export function staleReason() {
  let oldest = { mtime: Infinity, path: '' };
  for (const output of bundleOutputs()) {
    const mtime = mtimeOrUndefined(join(ROOT, output));
    if (mtime === undefined) return `${output} is missing`;
    if (mtime < oldest.mtime) oldest = { mtime, path: output };
  }
  const newest = newestSource();
  return newest.mtime > oldest.mtime ? `${newest.path.slice(ROOT.length)} is newer than ${oldest.path}` : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quiet = process.argv.includes('--quiet');
  const reason = staleReason();
  if (reason === undefined) {
    if (!quiet) console.error('dist/ is up to date');
  } else {
    console.error(`building dist/ (${reason})`);
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], {
      cwd: ROOT,
      // The build's report goes to stderr: under tap, stdout is the TAP stream.
      stdio: ['ignore', quiet ? 'ignore' : process.stderr, 'inherit'],
    });
    if (built.status !== 0) {
      console.error(`scripts/build.mjs failed (${built.status ?? built.signal})`);
      process.exit(1);
    }
  }
}
