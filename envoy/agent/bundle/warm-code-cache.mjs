// Build step: runs the freshly built agent core once, end to end, against a
// stand-in Secrets Manager on loopback serving throwaway material made for this
// build (make-warm-up-material.ts), then
// saves V8's code cache of everything that run compiled (SDK request path,
// verification, writing, rendering) as agent-core.cache beside the core.
// node envoy/agent/bundle/warm-code-cache.mjs <outdir>
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const outdir = resolve(process.argv[2] ?? 'dist');
const scratch = mkdtempSync(join(tmpdir(), 'pca-mtls-warm-up-'));
const materialFile = join(scratch, 'material.json');
const made = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('./make-warm-up-material.ts', import.meta.url)), materialFile],
  { encoding: 'utf8' },
);
if (made.status !== 0) throw new Error(`could not make warm-up material: ${made.stderr}`);
const material = JSON.parse(readFileSync(materialFile, 'utf8'));
const SECRETS = { 'warm-up/identity': material.identity, 'warm-up/trust': material.trust };

// Just enough of Secrets Manager (awsJson1.1) for the agent's one round trip.
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const ids = target === 'secretsmanager.BatchGetSecretValue' ? (JSON.parse(body).SecretIdList ?? []) : [];
    const SecretValues = ids.map((id) => ({
      ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${id}-AbCdEf`,
      Name: id,
      VersionId: '00000000-0000-0000-0000-000000000001',
      SecretString: JSON.stringify(SECRETS[id]),
      VersionStages: ['AWSCURRENT'],
    }));
    res
      .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      .end(JSON.stringify({ SecretValues, Errors: [] }));
  });
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
Object.assign(process.env, {
  AWS_ENDPOINT_URL: `http://127.0.0.1:${server.address().port}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'warm-up',
  AWS_SECRET_ACCESS_KEY: 'warm-up',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'info',
});

const { loadAgentCore, CACHE_PATH } = await import(pathToFileURL(join(outdir, 'agent.mjs')).href);
const { core, script } = loadAgentCore({ useCache: false });
const outDir = scratch;
try {
  const status = await core.run(
    [
      '--once',
      '--allow-disk',
      '--secret-id',
      'warm-up/identity',
      '--trust-secret-id',
      'warm-up/trust',
      '--role',
      'both',
      '--allow-peer-san',
      material.name,
      '--server-san',
      material.name,
      '--upstream',
      `${material.name}:15000`,
      '--out-dir',
      join(outDir, 'out'),
    ],
    { stderr: (text) => process.stderr.write(text) },
  );
  if (status !== 0) throw new Error(`the warm-up run exited ${status}`);
  const temporary = `${CACHE_PATH}.tmp-${process.pid}`;
  writeFileSync(temporary, script.createCachedData());
  renameSync(temporary, CACHE_PATH);
} finally {
  rmSync(outDir, { recursive: true, force: true });
  server.close();
}
process.exit(0);
