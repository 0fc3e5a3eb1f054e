import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
} from '@aws-sdk/client-secrets-manager';
import { setTimeout } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { createExportHandler } from '../../../lambdas/export-certificate/handler.ts';
import { DEADLINE_MARGIN_MS } from '../../../lib/lambda-context.ts';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { parseTrustBundleSecret } from '../../../lib/secret-schema/trust-bundle-secret.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal } from '../../helpers/aws-local.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';
import { startResponseUrlServer } from '../../helpers/response-url-server.ts';
import { nth } from '../../helpers/present.ts';

async function setup(t: Test) {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const ca = await createRootCa(clients.pca, { commonName: 'Stack Root' });
  const { lines: logs, logger } = capturingLogger();
  const handler = createExportHandler({ clients, logger });
  return { local, clients, ca, handler, logs };
}

function cfnEvent(
  responseURL: string,
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    RequestType: requestType,
    ResponseURL: responseURL,
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/mesh/1',
    RequestId: `req-${requestType}`,
    LogicalResourceId: 'ColorTellerCertificate',
    ResourceType: 'Custom::PcaMtlsIdentity',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-export',
      ...properties,
    },
    ...extra,
  };
}

t.test('Create answers SUCCESS with the secret ARN, serial and expiry, and stores the identity', async (t) => {
  const { clients, ca, handler, logs } = await setup(t);
  const cfn = await startResponseUrlServer(t, { failFirst: 1 });
  await handler(
    cfnEvent(cfn.url, 'Create', {
      Identity: 'colorteller',
      CaArn: ca.caArn,
      Domain: 'colorteller.mesh.local',
      Role: 'server',
      EcsServices: 'mesh/colorteller mesh/colorteller-canary',
    }),
  );
  t.equal(cfn.received.length, 1, 'delivered once, after a retry');
  const { body, method, contentType } = nth(cfn.received, 0);
  t.equal(method, 'PUT');
  t.notOk(contentType, 'no content type: S3 pre-signed URLs would reject the signature');
  t.equal(body.Status, 'SUCCESS');
  t.match(body.PhysicalResourceId, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/colorteller-/);
  t.equal(body.Data.SecretArn, body.PhysicalResourceId);
  t.match(body.Data.Serial, /^[0-9a-f]+$/);
  t.ok(Date.parse(body.Data.NotAfter) > Date.now());
  t.match(body, {
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/mesh/1',
    RequestId: 'req-Create',
    LogicalResourceId: 'ColorTellerCertificate',
  });
  const secret = JSON.parse(
    (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString!,
  );
  t.equal(secret.serial, body.Data.Serial);
  t.notOk(logs.join('').includes(secret.passphrase), 'the passphrase never reaches the logs');
  t.notOk(JSON.stringify(body).includes(secret.passphrase), 'nor the CloudFormation response');
});

t.test('every failure still answers FAILED with a reason and writes nothing', async (t) => {
  const { clients, ca, handler } = await setup(t);
  const cfn = await startResponseUrlServer(t);
  await handler(cfnEvent(cfn.url, 'Create', { Identity: 'Bad Name', CaArn: ca.caArn, Domain: 'x.mesh.local' }));
  await handler(
    cfnEvent(cfn.url, 'Create', {
      Identity: 'colorteller',
      CaArn: ca.caArn.replace('us-east-1', 'eu-west-1'),
      Domain: 'x.mesh.local',
    }),
  );
  t.same(
    cfn.received.map((r) => r.body.Status),
    ['FAILED', 'FAILED'],
  );
  t.match(nth(cfn.received, 0).body.Reason, /^BAD_REQUEST: identity must be 1-64 lowercase/);
  t.match(nth(cfn.received, 1).body.Reason, /^CA_NOT_FOUND: /);
  t.equal(nth(cfn.received, 0).body.PhysicalResourceId, 'pca-mtls-ColorTellerCertificate-not-created');
  t.same((await clients.secrets.send(new ListSecretsCommand({}))).SecretList, []);
});

t.test('answers FAILED before the Lambda timeout when the work hangs, and stops the work', async (t) => {
  const { ca, clients, handler, local, logs } = await setup(t);
  const cfn = await startResponseUrlServer(t);
  const HANG_MS = 1_500;
  await local.control('POST', 'faults', {
    service: 'acm-pca',
    operation: 'DescribeCertificateAuthority',
    latencyMs: HANG_MS,
    rate: 1,
  });
  // 300 ms left before the deadline margin: the deadline comes long before the hung call returns.
  await handler(cfnEvent(cfn.url, 'Create', { Identity: 'colorteller', CaArn: ca.caArn, Domain: 'c.mesh.local' }), {
    getRemainingTimeInMillis: () => DEADLINE_MARGIN_MS + 300,
  });
  t.equal(nth(cfn.received, 0).body.Status, 'FAILED');
  t.match(nth(cfn.received, 0).body.Reason, /did not finish before the Lambda timeout/);
  t.match(logs.join(''), /custom resource work stopped at the deadline/);

  // Had the work gone on, it would have requested a certificate as soon as the hung call returned.
  const hungCallDone = async () =>
    (
      (await local.control('GET', 'requests?operation=DescribeCertificateAuthority')).body.requests as {
        latencyMs: number;
      }[]
    ).some((r) => r.latencyMs >= HANG_MS);
  while (!(await hungCallDone())) await setTimeout(100);
  await setTimeout(500);
  t.same(
    (await local.control('GET', 'requests?operation=RequestCertificate')).body.requests,
    [],
    'no certificate requested after the answer',
  );
  t.same((await clients.secrets.send(new ListSecretsCommand({}))).SecretList, [], 'no secret written');
});

t.test('Delete keeps the secret unless asked, and then schedules its deletion', async (t) => {
  const { clients, ca, handler } = await setup(t);
  const cfn = await startResponseUrlServer(t);
  const properties = { Identity: 'colorteller', CaArn: ca.caArn, Domain: 'colorteller.mesh.local' };
  await handler(cfnEvent(cfn.url, 'Create', properties));
  const secretArn = nth(cfn.received, 0).body.PhysicalResourceId;
  await handler(cfnEvent(cfn.url, 'Delete', properties, { PhysicalResourceId: secretArn }));
  t.equal(nth(cfn.received, 1).body.Status, 'SUCCESS');
  t.equal(nth(cfn.received, 1).body.PhysicalResourceId, secretArn);
  t.equal((await clients.secrets.send(new ListSecretsCommand({}))).SecretList!.length, 1, 'kept');
  await handler(
    cfnEvent(cfn.url, 'Delete', { ...properties, DeleteSecretOnDelete: 'true' }, { PhysicalResourceId: secretArn }),
  );
  t.equal(nth(cfn.received, 2).body.Status, 'SUCCESS');
  const listed = await clients.secrets.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
  t.ok(nth(listed.SecretList, 0).DeletedDate, 'scheduled for deletion (recoverable)');
  await handler(
    cfnEvent(cfn.url, 'Delete', properties, { PhysicalResourceId: 'pca-mtls-ColorTellerCertificate-not-created' }),
  );
  t.equal(nth(cfn.received, 3).body.Status, 'SUCCESS', 'deleting a resource that was never created succeeds');
});

t.test('DeleteSecretOnDelete removes only the secret pca-mtls created for that identity', async (t) => {
  const { clients, ca, handler, logs } = await setup(t);
  const cfn = await startResponseUrlServer(t);
  const properties = { Identity: 'colorteller', CaArn: ca.caArn, Domain: 'colorteller.mesh.local' };
  await handler(cfnEvent(cfn.url, 'Create', properties));
  const ours = cfn.received.at(0)?.body.PhysicalResourceId as string;
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
  const strangers = {
    'an unrelated secret': await create('prod/database'),
    "another identity's secret": await create('pca-mtls/colorgateway', { 'pca-mtls:identity': 'colorgateway' }),
    'the right tag under another name': await create('pca-mtls/colorteller-copy', {
      'pca-mtls:identity': 'colorteller',
    }),
    'the right name pattern without the tag': await create('pca-mtls/colortellerx'),
  };
  const deleteEvent = (arn: string) =>
    cfnEvent(cfn.url, 'Delete', { ...properties, DeleteSecretOnDelete: 'true' }, { PhysicalResourceId: arn });
  const deletedDate = async (arn: string) =>
    (await clients.secrets.send(new DescribeSecretCommand({ SecretId: arn }))).DeletedDate;

  for (const [what, arn] of Object.entries(strangers)) {
    await handler(deleteEvent(arn));
    const answer = cfn.received.at(-1)!.body;
    t.equal(answer.Status, 'SUCCESS', `${what}: the stack deletion is not blocked`);
    t.match(
      answer.Reason,
      /left in place: .*pca-mtls deletes only the secret it created for this identity/,
      `${what}: reported`,
    );
    t.equal(await deletedDate(arn), undefined, `${what}: left alone`);
  }
  t.match(logs.join(''), /DeleteSecretOnDelete: not our secret, left alone/);

  await handler(deleteEvent(ours));
  t.equal(cfn.received.at(-1)!.body.Status, 'SUCCESS');
  t.ok(await deletedDate(ours), "the identity's own secret is scheduled for deletion");
});

t.test('Kind TrustBundle keeps the bundle in step with CaArns across Create and Update', async (t) => {
  const { clients, ca, handler } = await setup(t);
  const second = await createRootCa(clients.pca, { commonName: 'Second Root' });
  const cfn = await startResponseUrlServer(t);
  await handler(cfnEvent(cfn.url, 'Create', { Kind: 'TrustBundle', CaArns: [ca.caArn, second.caArn] }));
  t.equal(nth(cfn.received, 0).body.Status, 'SUCCESS', nth(cfn.received, 0).body.Reason);
  const read = async () =>
    parseTrustBundleSecret(
      (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/trust' }))).SecretString!,
      'pca-mtls/trust',
    );
  t.same((await read()).cas.map((c) => c.arn).sort(), [ca.caArn, second.caArn].sort());
  await handler(
    cfnEvent(
      cfn.url,
      'Update',
      { Kind: 'TrustBundle', CaArns: [second.caArn] },
      {
        PhysicalResourceId: 'pca-mtls/trust',
        OldResourceProperties: { Kind: 'TrustBundle', CaArns: [ca.caArn, second.caArn] },
      },
    ),
  );
  t.equal(nth(cfn.received, 1).body.Status, 'SUCCESS');
  t.same(
    (await read()).cas.map((c) => c.arn),
    [second.caArn],
    'the dropped CA left the bundle',
  );
});

t.test('a direct invoke returns the export result and throws typed errors', async (t) => {
  const { ca, handler } = await setup(t);
  const result = await handler({
    identity: 'colorgateway',
    source: 'pca',
    caArn: ca.caArn,
    domain: 'colorgateway.mesh.local',
    role: 'client',
  });
  t.match(result, { identity: 'colorgateway', created: true, serial: /^[0-9a-f]+$/ });
  await t.rejects(handler({ identity: 'colorgateway', source: 'pca', domain: 'x.mesh.local' }), {
    name: 'ExportRequestError',
    code: 'BAD_REQUEST',
    message: /caArn is required/,
  });
});
