import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { deleteIdentitySecret } from '../../../lib/identity/delete-identity-secret.ts';
import { clientsFor, startTestAwsLocal } from '../../helpers/aws-local.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';

async function setup(t: Parameters<typeof startTestAwsLocal>[0]) {
  const local = await startTestAwsLocal(t);
  const clients = await clientsFor(local);
  const { lines, logger } = capturingLogger();
  const create = async (Name: string, tags: Record<string, string> = {}) =>
    (
      await clients.secrets.send(
        new CreateSecretCommand({
          Name,
          SecretString: '{"password":"not-ours"}',
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      )
    ).ARN!;
  const deletedDate = async (arn: string) =>
    (await clients.secrets.send(new DescribeSecretCommand({ SecretId: arn }))).DeletedDate;
  return { clients, logs: lines, logger, create, deletedDate };
}

t.test("deletes the identity's own secret, recoverably", async (t) => {
  const { clients, logger, create, deletedDate } = await setup(t);
  const ours = await create('pca-mtls/colorteller', { 'pca-mtls:identity': 'colorteller' });
  t.same(await deleteIdentitySecret(clients, logger, { secretArn: ours, identity: 'colorteller' }), { deleted: true });
  t.ok(await deletedDate(ours), 'scheduled for deletion');
  const custom = await create('team/teller-identity', { 'pca-mtls:identity': 'colorteller' });
  const outcome = await deleteIdentitySecret(clients, logger, {
    secretArn: custom,
    identity: 'colorteller',
    secretId: 'team/teller-identity',
  });
  t.same(outcome, { deleted: true }, 'under the SecretId it was exported to');
});

t.test('leaves any other secret alone and says why', async (t) => {
  const { clients, logs, logger, create, deletedDate } = await setup(t);
  const strangers: [what: string, arn: string, problem: RegExp][] = [
    ['an unrelated secret', await create('prod/database'), /pca-mtls:identity tag is missing/],
    [
      "another identity's secret",
      await create('pca-mtls/colorgateway', { 'pca-mtls:identity': 'colorgateway' }),
      /tag is 'colorgateway', not 'colorteller'/,
    ],
    [
      'the right tag under another name',
      await create('pca-mtls/colorteller-copy', { 'pca-mtls:identity': 'colorteller' }),
      /its name is 'pca-mtls\/colorteller-copy', not 'pca-mtls\/colorteller'/,
    ],
  ];
  for (const [what, arn, problem] of strangers) {
    const outcome = await deleteIdentitySecret(clients, logger, { secretArn: arn, identity: 'colorteller' });
    t.equal(outcome.deleted, false, `${what}: not deleted`);
    t.match(outcome.reason, problem, `${what}: the reason names the problem`);
    t.match(outcome.reason, /pca-mtls deletes only the secret it created for this identity/);
    t.equal(await deletedDate(arn), undefined, `${what}: left alone`);
  }
  const ours = await create('pca-mtls/colorteller', { 'pca-mtls:identity': 'colorteller' });
  const noIdentity = await deleteIdentitySecret(clients, logger, { secretArn: ours, identity: '' });
  t.equal(noIdentity.deleted, false, 'an unknown identity matches no secret');
  t.equal(await deletedDate(ours), undefined);
  t.match(logs.join(''), /DeleteSecretOnDelete: not our secret, left alone/);
});

t.test('a secret already gone or already scheduled is not deleted again', async (t) => {
  const { clients, logger, create } = await setup(t);
  const missing = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls/colorteller-AbCdEf';
  t.same(await deleteIdentitySecret(clients, logger, { secretArn: missing, identity: 'colorteller' }), {
    deleted: false,
    reason: 'already gone',
  });
  const ours = await create('pca-mtls/colorteller', { 'pca-mtls:identity': 'colorteller' });
  await deleteIdentitySecret(clients, logger, { secretArn: ours, identity: 'colorteller' });
  const again = await deleteIdentitySecret(clients, logger, { secretArn: ours, identity: 'colorteller' });
  t.equal(again.deleted, false);
  t.match(again.reason, /already scheduled for deletion/);
});
