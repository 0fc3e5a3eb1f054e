/**
 * The built bundles in dist/ that end-to-end tests spawn: the files users and
 * images run, with no TypeScript loader in the child process. The suite builds
 * them before any test (.taprc `before`: scripts/build-if-stale.mjs, which
 * rebuilds only when a source is newer than a bundle).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Source entry point → its bundle, as scripts/build.mjs writes it. */
const BUNDLE_OF: Readonly<Record<string, string>> = {
  'cli/bin.ts': 'dist/cli.mjs',
  'envoy/agent/main.ts': 'dist/agent.mjs',
  'services/colorteller/main.ts': 'dist/colorteller.mjs',
  'services/colorgateway/main.ts': 'dist/colorgateway.mjs',
  'docker/setup/compose-setup.ts': 'dist/compose-setup.mjs',
  'lambdas/export-certificate/index.ts': 'dist/lambdas/export-certificate/index.mjs',
  'lambdas/renew-certificate/index.ts': 'dist/lambdas/renew-certificate/index.mjs',
};

/** The absolute path of a bundle (`dist/…`); throws, saying how to build it, when it is missing. */
export function builtBundle(relativePath: string): string {
  const path = join(REPO_ROOT, relativePath);
  if (!existsSync(path)) {
    throw new Error(
      `${relativePath} is missing: run \`node scripts/build-if-stale.mjs\` (npm test and npx tap run it first through .taprc)`,
    );
  }
  return path;
}

/**
 * The bundle built from a source entry point (absolute or relative to the
 * repository), or undefined when the entry point is not bundled.
 */
export function bundleFor(entry: string): string | undefined {
  const relative = entry.startsWith(REPO_ROOT) ? entry.slice(REPO_ROOT.length) : entry;
  const bundle = BUNDLE_OF[relative.replace(/^\.\//, '')];
  return bundle === undefined ? undefined : builtBundle(bundle);
}
