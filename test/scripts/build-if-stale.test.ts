import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
// @ts-expect-error: a plain ES module of the build, without types
import { BUNDLE_OUTPUTS, bundleOutputs } from '../../scripts/build-if-stale.mjs';
// @ts-expect-error: a plain ES module of the build, without types
import { CLI_CHUNK_DIR, CLI_CHUNK_MANIFEST } from '../../scripts/cli-bundle.mjs';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

t.test('the CLI chunks the manifest lists are outputs too: one missing or old means a build', async (t) => {
  const root = t.testdir({ dist: {} });
  t.same(bundleOutputs(root), BUNDLE_OUTPUTS, 'no manifest: the fixed outputs');
  t.ok(BUNDLE_OUTPUTS.includes(`dist/${CLI_CHUNK_MANIFEST}`), 'among them the manifest, so its absence is a build');
  await writeFile(join(root, 'dist', CLI_CHUNK_MANIFEST), JSON.stringify([`${CLI_CHUNK_DIR}/run-local-ABC.mjs`]));
  t.same(bundleOutputs(root), [...BUNDLE_OUTPUTS, `dist/${CLI_CHUNK_DIR}/run-local-ABC.mjs`]);
});

t.test(
  'in the built dist/, every chunk file is checked',
  { skip: existsSync(join(REPO_ROOT, 'dist', CLI_CHUNK_MANIFEST)) ? false : 'dist/ is not built' },
  async (t) => {
    const outputs = new Set(bundleOutputs());
    const chunks = readdirSync(join(REPO_ROOT, 'dist', CLI_CHUNK_DIR)).map((f) => `dist/${CLI_CHUNK_DIR}/${f}`);
    t.ok(chunks.length > 0);
    t.same(
      chunks.filter((c) => !outputs.has(c)),
      [],
    );
  },
);
