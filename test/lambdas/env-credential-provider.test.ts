import t, { type Test } from 'tap';
import { defaultProvider } from '../../lambdas/env-credential-provider.ts';

const VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

function withEnv(t: Test, values: Partial<Record<(typeof VARS)[number], string>>) {
  const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  for (const v of VARS) delete process.env[v];
  Object.assign(process.env, values);
  t.teardown(() => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
  });
}

t.test('resolves the credentials Lambda puts in the environment, session token included', async (t) => {
  withEnv(t, {
    AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
    AWS_SECRET_ACCESS_KEY: 'lambda-secret',
    AWS_SESSION_TOKEN: 'lambda-token',
  });
  t.match(await defaultProvider()(), {
    accessKeyId: 'AKIDLAMBDA',
    secretAccessKey: 'lambda-secret',
    sessionToken: 'lambda-token',
  });
});

t.test('fails closed without them, whatever profile is configured', async (t) => {
  withEnv(t, { AWS_PROFILE: 'default' });
  await t.rejects(defaultProvider()(), {
    name: 'CredentialsProviderError',
    message: /environment variable credentials/,
  });
});
