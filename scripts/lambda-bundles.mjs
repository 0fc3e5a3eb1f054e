// Builds the two Lambda bundles (dist/lambdas/<name>/index.mjs, the paths the CDK app deploys) with
// esbuild: one ES module each for Node 24 (nodejs24.x), holding only the lib/ code and the AWS clients
// that Lambda uses. scripts/build.mjs calls this; bench/lambda-init.mjs measures the result.
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const LAMBDA_ENTRY_POINTS = {
  'lambdas/export-certificate/index': 'lambdas/export-certificate/index.ts',
  'lambdas/renew-certificate/index': 'lambdas/renew-certificate/index.ts',
};

/** Where the Lambda's credential chain comes from instead of the SDK's full Node chain (see that file). */
export const LAMBDA_CREDENTIAL_PROVIDER = 'lambdas/env-credential-provider.ts';

// Some dependencies are CommonJS and call require() for Node built-ins; an ESM bundle needs a real require.
const banner = {
  js: "import { createRequire as __pcaMtlsCreateRequire } from 'node:module'; const require = __pcaMtlsCreateRequire(import.meta.url);",
};

/** esbuild plugin: the Lambda runtime always provides credentials in the environment (see LAMBDA_CREDENTIAL_PROVIDER). */
const envCredentialsOnly = {
  name: 'lambda-env-credentials-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(ROOT, LAMBDA_CREDENTIAL_PROVIDER),
    }));
  },
};

/**
 * esbuild plugin: pino loads thread-stream at import, for its worker-thread
 * transports; the Lambda logger writes JSON lines synchronously to stderr (lib/logger.ts) and never
 * starts a transport, so the Lambda bundles get a stand-in that refuses to be used.
 */
const noPinoTransports = {
  name: 'lambda-no-pino-transports',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^thread-stream$/ }, () => ({ path: 'thread-stream', namespace: 'lambda-stub' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lambda-stub' }, () => ({
      loader: 'js',
      contents:
        "module.exports = class ThreadStream { constructor() { throw new Error('pino transports are not part of the Lambda bundle (scripts/lambda-bundles.mjs)'); } };",
    }));
  },
};

export async function buildLambdaBundles(outdir = join(ROOT, 'dist')) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: LAMBDA_ENTRY_POINTS,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // The AWS SDK's and smithy's ES module builds tree-shake; their CommonJS builds carry every command
    // and schema of a service (the ECS client alone was 122 KiB of the renew bundle).
    mainFields: ['module', 'main'],
    plugins: [envCredentialsOnly, noPinoTransports],
    banner,
    sourcemap: false,
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildLambdaBundles(process.argv[2]);
