import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import t, { type Test } from 'tap';
// @ts-expect-error: a plain ES module of the build, without types
import { buildLambdaBundles, LAMBDA_CREDENTIAL_PROVIDER } from '../../scripts/lambda-bundles.mjs';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal, TEST_CREDENTIALS, TEST_REGION } from '../helpers/aws-local.ts';
import { startResponseUrlServer } from '../helpers/response-url-server.ts';

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
}

/** Issue 9's size target; the bench (npm run bench:lambda-init) measures init time, a test cannot. */
const MAX_BUNDLE_BYTES = 1_000_000;
const LAMBDAS = ['export-certificate', 'renew-certificate'];

// One build for the whole file: esbuild is quick, but this machine is shared.
const outdir = t.testdir();
const metafile = (await buildLambdaBundles(outdir)) as Metafile;
const bundle = (name: string) => join(outdir, 'lambdas', name, 'index.mjs');

/** The directory a bundled input file came from, as `a/node_modules/b/node_modules/c` chains. */
const packageDir = (input: string) => input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)?.[1];

t.test('each Lambda bundle is at most 1 MB and holds one SDK generation with the environment-only chain', async (t) => {
  for (const name of LAMBDAS) {
    const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(`${name}/index.mjs`))?.[1];
    if (!output) throw new Error(`esbuild wrote no ${name} bundle`);
    t.ok(output.bytes <= MAX_BUNDLE_BYTES, `${name}: ${output.bytes} B <= ${MAX_BUNDLE_BYTES} B`);
    const inputs = Object.keys(output.inputs);
    t.ok(inputs.includes(LAMBDA_CREDENTIAL_PROVIDER), `${name}: credentials come from ${LAMBDA_CREDENTIAL_PROVIDER}`);
    const dirs = [...new Set(inputs.map(packageDir).filter((d) => d !== undefined))];
    // overrides in package.json make @aws-sdk/client-acm-pca 3.523 share the current core packages
    t.same(
      dirs.filter((d) => /node_modules\/.*node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(d)),
      [],
      `${name}: no AWS SDK package is bundled from a nested node_modules (a second copy)`,
    );
    for (const unwanted of [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/nested-clients',
      '@aws-sdk/client-sts',
      '@aws-sdk/client-sso',
      'fast-xml-parser',
      'thread-stream',
    ]) {
      t.notOk(
        dirs.some((d) => d.endsWith(`node_modules/${unwanted}`)),
        `${name}: ${unwanted} is not in the bundle`,
      );
    }
  }
});

/** Runs one bundled handler in a fresh Node process, as Lambda would: the env is all it is given. */
async function invokeBundle(name: string, event: unknown, env: NodeJS.ProcessEnv) {
  const script = `const { handler } = await import(${JSON.stringify(bundle(name))});
const result = await handler(JSON.parse(process.env.TEST_EVENT), { awsRequestId: 'bundle-test' });
process.stdout.write(JSON.stringify(result ?? null));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, TEST_EVENT: JSON.stringify(event) },
    timeout: 60_000, // "does not hang" only: a cold bundle answers in well under a second
  });
  return JSON.parse(stdout) as unknown;
}

async function world(t: Test) {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const ca = await createRootCa(clients.pca, { commonName: 'Bundle Root' });
  const cfn = await startResponseUrlServer(t);
  const home = t.testdir();
  // What Lambda sets: region, the execution role's credentials; HOME has no AWS profile.
  const lambdaEnv = {
    HOME: home,
    AWS_REGION: TEST_REGION,
    AWS_ENDPOINT_URL: local.url,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: 'bundle-test-session',
  };
  const createEvent = (identity: string) => ({
    RequestType: 'Create',
    ResponseURL: cfn.url,
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/bundle/1',
    RequestId: `req-${identity}`,
    LogicalResourceId: 'Identity',
    ResourceType: 'Custom::PcaMtlsIdentity',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-export',
      Identity: identity,
      CaArn: ca.caArn,
      Domain: `${identity}.mesh.local`,
      Role: 'server',
    },
  });
  return { clients, cfn, home, lambdaEnv, createEvent };
}

t.test('the bundled export and renew handlers work against aws-local with the credentials Lambda gives', async (t) => {
  const { clients, cfn, lambdaEnv, createEvent } = await world(t);
  await invokeBundle('export-certificate', createEvent('colorteller'), lambdaEnv);
  const created = cfn.received.at(0)?.body;
  t.equal(cfn.received.length, 1);
  t.equal(created?.Status, 'SUCCESS', created?.Reason);
  const secret = JSON.parse(
    (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString!,
  );
  t.equal(secret.serial, created?.Data.Serial, 'the secret holds the certificate the bundle reported');

  const summary = (await invokeBundle('renew-certificate', { action: 'sweep' }, lambdaEnv)) as Record<string, unknown>;
  // Freshly exported: the sweep's listing shows nothing due, so it reads no secret value.
  t.match(summary, { trigger: 'sweep', failures: [] });
  t.same(summary.identitiesChecked, [], 'the sweep listed it and found nothing due');
});

t.test('a Lambda bundle takes credentials from the environment only, never from a profile', async (t) => {
  const { cfn, home, lambdaEnv, createEvent } = await world(t);
  // The SDK's full chain would find these; the Lambda bundle must not look.
  await mkdir(join(home, '.aws'));
  const profile = `[default]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`;
  await writeFile(join(home, '.aws', 'credentials'), profile);
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...withoutCredentials } = lambdaEnv;
  t.ok(AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY && AWS_SESSION_TOKEN);
  await invokeBundle('export-certificate', createEvent('colorgateway'), withoutCredentials);
  const failed = cfn.received.at(0)?.body;
  t.equal(cfn.received.length, 1);
  t.equal(failed?.Status, 'FAILED');
  t.match(failed?.Reason, /environment variable credentials/);
});
