/**
 * The dynamic side of unit-actions.test.ts: the export function, the renew
 * function and the agent run against aws-local (real SDK clients, real HTTP),
 * and every request each sends, read from aws-local's request log, is an
 * action of that unit's list, which the role allows (unit-actions.test.ts).
 */
import t from 'tap';
import { createExportHandler } from '../../../lambdas/export-certificate/handler.ts';
import { currentVersionId, fetchMaterial } from '../../../envoy/agent/fetch-material.ts';
import { UNIT_ACTIONS, type Unit } from '../../../infra/iam/unit-actions.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';
import { startResponseUrlServer } from '../../helpers/response-url-server.ts';
import { DAY_MS, renewalHarness } from '../../lambdas/renew-certificate/harness.ts';

// Issuance, a renewal 335 days later and a sweep take well under a minute; on a loaded machine more:
// a generous bound that only proves nothing hangs.
t.setTimeout(300_000);

interface Logged {
  service: string;
  operation: string;
}

t.test('each unit sends only the calls its list (and so its role) names', async (t) => {
  const h = await renewalHarness(t);
  const requests = async (): Promise<Logged[]> => (await h.local.control('GET', 'requests')).body.requests as Logged[];
  const observed: Record<Unit, Set<string>> = { export: new Set(), renew: new Set(), agent: new Set() };
  const during = async (unit: Unit, work: () => Promise<unknown>) => {
    const before = (await requests()).length;
    await work();
    for (const r of (await requests()).slice(before)) observed[unit].add(`${r.service}:${r.operation}`);
  };

  const ca = await h.rootCa('Observed Root');
  await h.createService('colorteller');
  const exporter = createExportHandler({
    clients: h.functionClients,
    logger: capturingLogger('silent').logger,
    now: h.now,
  });
  const cfn = await startResponseUrlServer(t);
  const resourceEvent = (type: 'Create' | 'Delete', properties: Record<string, unknown>, physicalId?: string) => ({
    RequestType: type,
    ResponseURL: cfn.url,
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/observed/1',
    RequestId: `observed-${type}`,
    LogicalResourceId: 'Observed',
    ResourceType: 'Custom::PcaMtlsIdentity',
    PhysicalResourceId: physicalId,
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-export',
      ...properties,
    },
  });
  await during('export', async () => {
    await exporter({
      identity: 'colorteller',
      source: 'acm',
      caArn: ca.caArn,
      domain: 'colorteller.mesh.local',
      role: 'both',
      ecsServices: ['mesh/colorteller'],
      rotation: 'redeploy',
    });
    await exporter({
      identity: 'colorgateway',
      source: 'pca',
      caArn: ca.caArn,
      domain: 'colorgateway.mesh.local',
      role: 'client',
    });
    await exporter(resourceEvent('Create', { Kind: 'TrustBundle', CaArns: [ca.caArn] }));
    const temp = {
      Identity: 'temporary',
      CaArn: ca.caArn,
      Domain: 'temporary.mesh.local',
      Source: 'pca',
      DeleteSecretOnDelete: 'true',
    };
    await exporter(resourceEvent('Create', temp));
    const created = cfn.received.at(-1)?.body as { PhysicalResourceId?: string } | undefined;
    await exporter(resourceEvent('Delete', temp, created?.PhysicalResourceId));
  });
  t.same(
    cfn.received.map((r) => (r.body as { Status: string }).Status),
    ['SUCCESS', 'SUCCESS', 'SUCCESS'],
    'the custom resource requests succeeded',
  );

  const acm = await h.currentSecret('colorteller');
  await during('renew', async () => {
    // ACM's renewal point: the event brings a re-export and a roll; the sweep, in the same jump, re-issues the pca identity.
    await h.setClock(new Date(Date.parse(acm.secret.notAfter) - 60 * DAY_MS + 5_000));
    await h.settle();
  });
  t.not((await h.currentSecret('colorteller')).versionId, acm.versionId, 'the renew function wrote a new version');

  await during('agent', async () => {
    const ids = { secretId: 'pca-mtls/colorteller', trustSecretId: 'pca-mtls/trust' };
    await fetchMaterial({ secrets: h.functionClients.secrets }, ids);
    await currentVersionId({ secrets: h.functionClients.secrets }, ids.secretId);
  });

  for (const unit of Object.keys(observed) as Unit[]) {
    const calls = [...observed[unit]].sort();
    t.same(
      calls.filter((call) => !UNIT_ACTIONS[unit].includes(call)),
      [],
      `${unit}: every call is in its list`,
    );
    t.comment(`${unit}: observed ${calls.length} of ${UNIT_ACTIONS[unit].length} listed actions: ${calls.join(' ')}`);
  }
  // Not vacuous: the central calls of each unit were seen.
  for (const [unit, call] of [
    ['export', 'acm:RequestCertificate'],
    ['export', 'acm:ExportCertificate'],
    ['export', 'acm-pca:IssueCertificate'],
    ['export', 'secretsmanager:CreateSecret'],
    ['export', 'secretsmanager:DeleteSecret'],
    ['export', 'acm-pca:GetCertificateAuthorityCertificate'],
    ['renew', 'secretsmanager:ListSecrets'],
    ['renew', 'acm:ExportCertificate'],
    ['renew', 'secretsmanager:PutSecretValue'],
    ['renew', 'ecs:UpdateService'],
    ['agent', 'secretsmanager:BatchGetSecretValue'],
    ['agent', 'secretsmanager:DescribeSecret'],
  ] as const) {
    t.ok(observed[unit].has(call), `${unit} sent ${call}`);
  }
});
