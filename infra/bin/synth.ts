// `npm run synth`: the PcaMtls app into cdk.out/ and the color-mesh example into
// infra/examples/color-mesh/cdk.out/, offline (no lookups, no credentials).
import { join } from 'node:path';
import { buildApp } from '../app.js';
import { buildColorMeshApp } from '../examples/color-mesh/app.js';
import { REPO_ROOT } from '../repo-root.js';

const outputs = [
  buildApp({ outdir: join(REPO_ROOT, 'cdk.out') }).app.synth(),
  buildColorMeshApp({ outdir: join(REPO_ROOT, 'infra', 'examples', 'color-mesh', 'cdk.out') }).app.synth(),
];
for (const assembly of outputs) {
  for (const stack of assembly.stacks)
    console.log(`${stack.stackName}: ${join(assembly.directory, stack.templateFile)}`);
}
