// `npm run synth`: the PcaMtls app into cdk.out/ and the color-mesh example into
// infra/examples/color-mesh/cdk.out/, offline (no lookups, no credentials, no Docker).
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../app.ts';
import { InvalidPropsError } from '../constructs/props-error.ts';
import { buildColorMeshApp } from '../examples/color-mesh/app.ts';
import { REPO_ROOT } from '../repo-root.ts';

function report(assembly: CloudAssembly): void {
  for (const stack of assembly.stacks)
    console.log(`${stack.stackName}: ${join(assembly.directory, stack.templateFile)}`);
}

report(buildApp({ outdir: join(REPO_ROOT, 'cdk.out') }).app.synth());
try {
  report(buildColorMeshApp({ outdir: join(REPO_ROOT, 'infra', 'examples', 'color-mesh', 'cdk.out') }).app.synth());
} catch (err) {
  // The example needs container images; say so instead of failing the main app's synth.
  if (!(err instanceof InvalidPropsError)) throw err;
  console.log(`PcaMtlsColorMesh: not synthesized: ${err.message}`);
}
