/**
 * The AWS calls a unit's code can send: every `new XCommand(` in the project
 * files its entry point imports (esbuild's import graph), as IAM actions
 * (the client package names the service).
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const IAM_PREFIX: Record<string, string> = {
  acm: 'acm',
  'acm-pca': 'acm-pca',
  'secrets-manager': 'secretsmanager',
  ecs: 'ecs',
  eventbridge: 'events',
};

export async function commandsSentBy(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const actions = new Set<string>();
  for (const file of Object.keys(result.metafile.inputs)) {
    const source = readFileSync(file, 'utf8');
    const clientOf = new Map<string, string>();
    for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z-]+)'/g)) {
      for (const name of (m[1] ?? '').split(',')) clientOf.set(name.replace(/\btype\b/, '').trim(), m[2] ?? '');
    }
    for (const m of source.matchAll(/new (\w+)Command\(/g)) {
      const client = clientOf.get(`${m[1]}Command`);
      if (!client) throw new Error(`${file}: ${m[1]}Command does not come from an @aws-sdk client import`);
      actions.add(`${IAM_PREFIX[client] ?? client}:${m[1]}`);
    }
  }
  return [...actions].sort();
}
