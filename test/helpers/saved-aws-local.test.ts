import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { savedAwsLocal } from './saved-aws-local.ts';

let builds = 0;
const start = savedAwsLocal({}, async (local) => {
  builds += 1;
  const secrets = new SecretsManagerClient(local.clientConfig);
  const created = await secrets.send(new CreateSecretCommand({ Name: 'saved', SecretString: 'built' }));
  return { arn: created.ARN! };
});

const read = (secrets: SecretsManagerClient) =>
  secrets.send(new GetSecretValueCommand({ SecretId: 'saved' })).then((out) => out.SecretString);

t.test('every start sees the built state, and no start sees what another changed', async (t) => {
  const first = await start(t);
  const second = await start(t);
  t.equal(builds, 1, 'built once');
  t.not(first.local.url, second.local.url, 'a server each');
  t.not(first.local.stateDir, second.local.stateDir, 'a state directory each');
  t.equal(first.value.arn, second.value.arn, 'the same built value');
  const one = new SecretsManagerClient(first.local.clientConfig);
  const two = new SecretsManagerClient(second.local.clientConfig);
  t.equal(await read(one), 'built');
  await one.send(new PutSecretValueCommand({ SecretId: 'saved', SecretString: 'changed by the first' }));
  t.equal(await read(one), 'changed by the first');
  t.equal(await read(two), 'built', 'the second copy does not see it');
  const third = await start(t);
  t.equal(await read(new SecretsManagerClient(third.local.clientConfig)), 'built', 'nor does a later one');
});

t.test('a start with its own server options still starts from the saved state, built once', async (t) => {
  const { local } = await start(t, { timings: { 'acm.issue': 0 } });
  t.equal(await read(new SecretsManagerClient(local.clientConfig)), 'built');
  t.equal(builds, 1);
});
