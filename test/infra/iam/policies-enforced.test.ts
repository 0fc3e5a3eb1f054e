/**
 * The shipped IAM policies, enforced: aws-local evaluates every call each
 * unit makes against that unit's role policy taken from the synthesized
 * templates (test/helpers/iam-principals.ts). The end-to-end flows run with
 * each unit signing as its own principal — export by CLI and by Lambda from
 * both sources, trust add, agent --once and watch, renewal by the sweep and
 * by ACM's event with ECS rolls — and must meet zero AccessDenied. Then each
 * role is held to what it must not do, and every (action, resource) its
 * policy grants that no flow used is listed: it must equal the justified list.
 */
import { DisableRuleCommand, EnableRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreatePermissionCommand,
  DeletePermissionCommand,
  IssueCertificateCommand,
  ListPermissionsCommand,
} from '@aws-sdk/client-acm-pca';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import {
  RENEW_FUNCTION_NAME,
  RENEW_FUNCTION_TIMEOUT_MS,
  EXPORT_FUNCTION_NAME,
  ruleInstallInputs,
} from '../../../infra/rules/renewal-rules.ts';
import { createExportHandler } from '../../../lambdas/export-certificate/handler.ts';
import { createRenewHandler } from '../../../lambdas/renew-certificate/handler.ts';
import { createAwsClients, type AwsClients } from '../../../lib/aws/clients.ts';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { parseRenewalOptions } from '../../../lib/renewal/renewal-options.ts';
import type { EcsState } from '../../../services/aws-local/ecs/state.ts';
import { FAST_TIMINGS, startTestAwsLocal, TEST_CREDENTIALS, type TestAwsLocal } from '../../helpers/aws-local.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';
import { runCli, spawnCli } from '../../helpers/cli-process.ts';
import { startResponseUrlServer } from '../../helpers/response-url-server.ts';
import {
  agentPolicy,
  asPrincipal,
  LOCAL_REGION,
  shippedPolicies,
  type ShippedPolicies,
} from '../../helpers/iam-principals.ts';
import { controls } from '../../services/aws-local/scheduler/helpers.ts';
import { memoryDir } from '../../envoy/agent-fixtures.ts';
import { grantedButUnused, type ReportedPrincipal } from './unused-grants.ts';

const DAY_MS = 86_400_000;
const KEYS = {
  export: 'AKIDEXPORTROLE',
  renew: 'AKIDRENEWROLE',
  agentTeller: 'AKIDTELLERTASK',
  agentGateway: 'AKIDGATEWAYTASK',
} as const;
const IDENTITIES = ['colorteller', 'colorgateway'];
const GATEWAY_ROLE_ARGS = [
  '--role',
  'client',
  '--server-san',
  'colorteller.mesh.local',
  '--upstream',
  'colorteller.mesh.local:15000',
];
const TELLER_ROLE_ARGS = ['--role', 'server', '--allow-peer-san', 'colorgateway.mesh.local'];

// Generous bound that proves nothing hangs: a synth, five CLI processes and two renewals take a few minutes here.
t.setTimeout(900_000);
const SERVICES = ['colorteller', 'colorgateway', 'colorcli', 'colorfn', 'coloredge', 'coloredgepca'];

const secretOf = async (admin: AwsClients, identity: string) =>
  JSON.parse(
    (await admin.secrets.send(new GetSecretValueCommand({ SecretId: `pca-mtls/${identity}` }))).SecretString!,
  ) as { notAfter: string; serial: string };
const notAfterOf = async (admin: AwsClients, identity: string) =>
  Date.parse((await secretOf(admin, identity)).notAfter);
const serialOf = async (admin: AwsClients, identity: string) => (await secretOf(admin, identity)).serial;

const clientsAs = (local: TestAwsLocal, accessKeyId: string): AwsClients =>
  createAwsClients({
    endpoint: local.url,
    region: LOCAL_REGION,
    credentials: { accessKeyId, secretAccessKey: 'not-checked' },
    maxAttempts: 2,
  });

const envAs = (local: TestAwsLocal, accessKeyId: string) => ({
  AWS_ENDPOINT_URL: local.url,
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: accessKeyId,
  AWS_SECRET_ACCESS_KEY: 'not-checked',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/** CAs, clusters, services and the rules, made by the deployer (an unrestricted key); then aws-local stops. */
async function deployWorld(t: Parameters<typeof startTestAwsLocal>[0]) {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS, tickIntervalMs: 0 });
  const admin = createAwsClients({
    endpoint: local.url,
    region: LOCAL_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  // Without ACM's permission: the first ACM export grants it (acm-pca:CreatePermission in the export role).
  const meshCa = await createRootCa(admin.pca, { commonName: 'Mesh Root CA', allowAcmRenewal: false });
  const edgeCa = await createRootCa(admin.pca, { commonName: 'Edge Root CA', allowAcmRenewal: false });
  const otherCa = await createRootCa(admin.pca, { commonName: 'Not In The Props CA' });
  await admin.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'app',
      containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }],
    }),
  );
  for (const cluster of ['mesh', 'other']) await admin.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const services = [...SERVICES.map((s) => ['mesh', s]), ['other', 'colorteller']];
  for (const [cluster, serviceName] of services) {
    await admin.ecs.send(new CreateServiceCommand({ cluster, serviceName, taskDefinition: 'app', desiredCount: 1 }));
  }
  for (const { putRule, putTargets } of ruleInstallInputs(LOCAL_REGION, '000000000000')) {
    await admin.events.send(new PutRuleCommand(putRule));
    await admin.events.send(new PutTargetsCommand(putTargets));
  }
  await local.app.close();
  return { stateDir: local.stateDir, meshCa, edgeCa, otherCa };
}

t.test('the shipped policies, enforced by aws-local, through every flow', async (t) => {
  const world = await deployWorld(t);
  const policies: ShippedPolicies = shippedPolicies(t, {
    caArns: [world.meshCa.caArn, world.edgeCa.caArn],
    clusters: ['mesh'],
    agentIdentities: IDENTITIES,
  });
  const local = await startTestAwsLocal(t, {
    stateDir: world.stateDir,
    timings: FAST_TIMINGS,
    tickIntervalMs: 0,
    delivery: { initialBackoffMs: 20, maxAttempts: 3 },
    iam: {
      principals: {
        [KEYS.export]: asPrincipal(policies.export, EXPORT_FUNCTION_NAME),
        [KEYS.renew]: asPrincipal(policies.renew, RENEW_FUNCTION_NAME),
        [KEYS.agentTeller]: asPrincipal(agentPolicy(policies, 'colorteller'), 'agent'),
        [KEYS.agentGateway]: asPrincipal(agentPolicy(policies, 'colorgateway'), 'agent'),
      },
    },
  });
  const admin = createAwsClients({
    endpoint: local.url,
    region: LOCAL_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const now = () => local.app.awsLocal.env.clock.now();
  const logger = capturingLogger('silent').logger;
  const exportFn = createExportHandler({ clients: clientsAs(local, KEYS.export), logger, now });
  local.app.awsLocal.lambdas.register(EXPORT_FUNCTION_NAME, exportFn);
  local.app.awsLocal.lambdas.register(
    RENEW_FUNCTION_NAME,
    createRenewHandler({
      clients: clientsAs(local, KEYS.renew),
      logger,
      now,
      options: parseRenewalOptions({ renewWaitMs: 20_000 }),
    }),
    // The deployed timeout: with aws-local's 60 s default the sweep would start one identity per run.
    { timeoutMs: RENEW_FUNCTION_TIMEOUT_MS },
  );
  const { advance, setClock, settle, events } = controls(local);
  const deployments = (service: string) =>
    local.app.awsLocal.env.stateOf<EcsState>('ecs', LOCAL_REGION).services.mesh?.[service]?.deployments.length ?? 0;
  const report = async () => (await local.control('GET', 'iam')).body.principals as ReportedPrincipal[];
  const deniedSoFar = async () =>
    (await report()).flatMap((p) => p.denied.map((d) => `${p.accessKeyId}: ${d.action} on ${d.resource}`));
  const exportEnv = envAs(local, KEYS.export);

  await t.test('export role: trust add and issue by CLI (acm and pca sources)', async (t) => {
    for (const ca of [world.meshCa, world.edgeCa]) {
      const trust = await runCli(t, ['trust', 'add', '--ca-arn', ca.caArn], exportEnv);
      t.equal(trust.code, 0, trust.stderr);
    }
    const issue = (identity: string, source: string, role: string, rotation: string) =>
      runCli(
        t,
        [
          'issue',
          '--identity',
          identity,
          '--source',
          source,
          '--ca-arn',
          world.meshCa.caArn,
          '--domain',
          `${identity}.mesh.local`,
          '--role',
          role,
          '--ecs-service',
          `mesh/${identity}`,
          '--rotation',
          rotation,
          '--json',
        ],
        exportEnv,
      );
    const teller = await issue('colorteller', 'acm', 'server', 'redeploy');
    t.equal(teller.code, 0, teller.stderr);
    const cli = await issue('colorcli', 'pca', 'client', 'hot');
    t.equal(cli.code, 0, cli.stderr);
    t.same(await deniedSoFar(), []);
  });

  await t.test('export role: the Lambda, direct invoke, both sources', async (t) => {
    const invoke = (identity: string, source: string, role: string, caArn = world.meshCa.caArn) =>
      exportFn({
        identity,
        source,
        caArn,
        domain: `${identity}.mesh.local`,
        role,
        ecsServices: [`mesh/${identity}`],
        rotation: 'redeploy',
      });
    t.match(await invoke('colorgateway', 'pca', 'client'), { identity: 'colorgateway', created: true });
    t.match(await invoke('colorfn', 'acm', 'both'), { identity: 'colorfn', created: true });
    t.match(await invoke('coloredge', 'acm', 'server', world.edgeCa.caArn), { identity: 'coloredge', created: true });
    t.match(await invoke('coloredgepca', 'pca', 'client', world.edgeCa.caArn), {
      identity: 'coloredgepca',
      created: true,
    });
    t.same(await deniedSoFar(), []);
  });

  await t.test("export role: a stack's custom resource, created then deleted with its secret", async (t) => {
    const cfn = await startResponseUrlServer(t);
    const event = (RequestType: string, extra: Record<string, unknown> = {}) => ({
      RequestType,
      ResponseURL: cfn.url,
      StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/mesh/1',
      RequestId: `req-${RequestType}`,
      LogicalResourceId: 'ColorStackIdentity',
      ResourceType: 'Custom::PcaMtlsIdentity',
      ResourceProperties: {
        ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-export',
        Identity: 'colorstack',
        Source: 'pca',
        CaArn: world.meshCa.caArn,
        Domain: 'colorstack.mesh.local',
        Role: 'client',
        DeleteSecretOnDelete: 'true',
      },
      ...extra,
    });
    await exportFn(event('Create'));
    t.equal(cfn.received[0]?.body.Status, 'SUCCESS', cfn.received[0]?.body.Reason);
    await exportFn(event('Delete', { PhysicalResourceId: cfn.received[0]?.body.PhysicalResourceId }));
    t.equal(cfn.received[1]?.body.Status, 'SUCCESS', cfn.received[1]?.body.Reason);
    t.same(await deniedSoFar(), []);
  });

  await t.test('agents: --once for each identity, then watch picks up a new version', async (t) => {
    const once = async (key: string, identity: string, roleArgs: string[]) => {
      const out = await memoryDir(t);
      const run = await runCli(
        t,
        ['agent', '--secret-id', `pca-mtls/${identity}`, ...roleArgs, '--out-dir', out, '--once'],
        envAs(local, key),
      );
      t.equal(run.code, 0, `${identity}: ${run.stderr}`);
    };
    /** An agent in watch mode (150 ms) that supervises a stand-in command, as `key`. */
    const watching = async (key: string, identity: string, roleArgs: string[]) => {
      const out = await memoryDir(t);
      return spawnCli(
        t,
        [
          'agent',
          '--secret-id',
          `pca-mtls/${identity}`,
          ...roleArgs,
          '--out-dir',
          out,
          '--watch-interval',
          '150ms',
          // Nothing here drains (the command is a stand-in without an admin port): stop at once on SIGTERM
          // instead of the default 5 s drain wait.
          '--drain-timeout',
          '0s',
          '--',
          process.execPath,
          '-e',
          'setInterval(() => {}, 1e6)',
        ],
        { ...envAs(local, key), LOG_LEVEL: 'info' },
      );
    };
    await once(KEYS.agentTeller, 'colorteller', TELLER_ROLE_ARGS);
    await once(KEYS.agentGateway, 'colorgateway', GATEWAY_ROLE_ARGS);
    const agent = await watching(KEYS.agentGateway, 'colorgateway', GATEWAY_ROLE_ARGS);
    await agent.waitFor(/material verified and written/, 60_000);
    await exportFn({
      identity: 'colorgateway',
      source: 'pca',
      caArn: world.meshCa.caArn,
      domain: 'colorgateway.mesh.local',
      role: 'client',
      ecsServices: ['mesh/colorgateway'],
      rotation: 'redeploy',
    });
    await agent.waitFor(/rotated: new material in place/, 60_000);
    agent.child.kill('SIGTERM');
    await agent.exited;
    // The teller's watch: it polls DescribeSecret on its identity and the trust bundle.
    const teller = await watching(KEYS.agentTeller, 'colorteller', TELLER_ROLE_ARGS);
    await teller.waitFor(/material verified and written/, 60_000);
    const describedBoth = async () =>
      ((await report()).find((p) => p.accessKeyId === KEYS.agentTeller)?.allowed ?? []).filter(
        (a) => a.action === 'secretsmanager:DescribeSecret',
      ).length >= 2;
    // Bounded wait (60 s): a few 150 ms polls are enough.
    for (let i = 0; i < 300 && !(await describedBoth()); i++) await new Promise((r) => setTimeout(r, 200));
    t.ok(await describedBoth(), 'the watch polled both secrets');
    teller.child.kill('SIGTERM');
    await teller.exited;
    t.same(await deniedSoFar(), []);
  });

  await t.test('renew role: the hourly sweep re-issues pca identities and rolls their services', async (t) => {
    const before = deployments('colorgateway');
    await advance((21 * DAY_MS) / 1000);
    await settle();
    const sweep = (await events('?detailType=Scheduled%20Event')).at(-1);
    t.match(sweep?.deliveries[0], { status: 'SUCCEEDED' });
    t.match(sweep?.deliveries[0]?.result, { failures: [] });
    t.ok(deployments('colorgateway') > before, 'the sweep rolled mesh/colorgateway');
    t.same(await deniedSoFar(), []);
  });

  await t.test("renew role: ACM's RENEWAL event re-exports, writes a version and rolls", async (t) => {
    await admin.events.send(new DisableRuleCommand({ Name: 'pca-mtls-reconcile-sweep' }));
    const before = deployments('colorteller');
    // The edge CA loses ACM's permission: ACM's own renewal of coloredge fails; the last step deals with it.
    await admin.pca.send(
      new DeletePermissionCommand({ CertificateAuthorityArn: world.edgeCa.caArn, Principal: 'acm.amazonaws.com' }),
    );
    t.same(
      (await admin.pca.send(new ListPermissionsCommand({ CertificateAuthorityArn: world.edgeCa.caArn }))).Permissions,
      [],
      'the edge CA has no permission for ACM now',
    );
    const latest = Math.max(await notAfterOf(admin, 'colorteller'), await notAfterOf(admin, 'colorfn'));
    await setClock(new Date(latest - 60 * DAY_MS + 5_000));
    await settle();
    const renewals = (await events('?detailType=ACM%20Certificate%20Available')).filter(
      (e) => e.detail.Action === 'RENEWAL',
    );
    t.equal(renewals.length, 2, 'colorteller and colorfn renewed');
    for (const event of renewals) t.match(event.deliveries[0], { status: 'SUCCEEDED', result: { failures: [] } });
    t.ok(deployments('colorteller') > before, 'mesh/colorteller rolled');
    t.same(await deniedSoFar(), [], 'zero AccessDenied in every flow');
    const denials = (await local.control('GET', 'requests?limit=100000')).body.requests.filter(
      (r: { errorType?: string }) => r.errorType === 'AccessDeniedException',
    );
    t.same(denials, [], 'the request log agrees');
  });

  await t.test('renew role: the sweep asks ACM to renew a certificate ACM did not renew, then rolls', async (t) => {
    const before = { serial: await serialOf(admin, 'coloredge'), deployments: deployments('coloredge') };
    // Two days before expiry ACM's own retries (45, 30, 15, 3 days) have all failed without the permission.
    await setClock(new Date((await notAfterOf(admin, 'coloredge')) - 2 * DAY_MS));
    await settle();
    t.equal(await serialOf(admin, 'coloredge'), before.serial, 'ACM could not renew it');
    await admin.pca.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: world.edgeCa.caArn,
        Principal: 'acm.amazonaws.com',
        Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      }),
    );
    await admin.events.send(new EnableRuleCommand({ Name: 'pca-mtls-reconcile-sweep' }));
    await advance(3_600);
    await settle();
    t.not(await serialOf(admin, 'coloredge'), before.serial, 'a new certificate in the secret');
    t.ok(deployments('coloredge') > before.deployments, 'mesh/coloredge rolled');
    const renewCalls = ((await report()).find((p) => p.accessKeyId === KEYS.renew)?.allowed ?? []).filter(
      (a) => a.action === 'acm:RenewCertificate',
    );
    t.ok(renewCalls.length > 0, 'the renew function called RenewCertificate');
    t.same(await deniedSoFar(), [], 'zero AccessDenied');
  });

  const unused = grantedButUnused(policies, await report(), KEYS);

  await t.test('what each role must not do', async (t) => {
    const teller = clientsAs(local, KEYS.agentTeller);
    const denied = async (p: Promise<unknown>) =>
      await p.then(
        () => 'allowed',
        (e: Error) => e.name,
      );
    t.equal(
      await denied(teller.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorgateway' }))),
      'AccessDeniedException',
      "an agent cannot read another identity's secret",
    );
    t.equal(
      await denied(
        teller.secrets.send(new PutSecretValueCommand({ SecretId: 'pca-mtls/colorteller', SecretString: 'x' })),
      ),
      'AccessDeniedException',
      'an agent cannot write secrets',
    );
    const renew = clientsAs(local, KEYS.renew);
    t.equal(
      await denied(
        renew.ecs.send(
          new UpdateServiceCommand({ cluster: 'other', service: 'colorteller', forceNewDeployment: true }),
        ),
      ),
      'AccessDeniedException',
      'the renew role cannot roll a service outside its bound clusters',
    );
    t.equal(
      await denied(renew.secrets.send(new GetSecretValueCommand({ SecretId: 'other/thing' }))),
      'AccessDeniedException',
      'the renew role cannot read secrets outside the prefix',
    );
    const exporter = clientsAs(local, KEYS.export);
    t.equal(
      await denied(
        exporter.pca.send(
          new IssueCertificateCommand({
            CertificateAuthorityArn: world.otherCa.caArn,
            Csr: Buffer.from('not needed: IAM answers first'),
            SigningAlgorithm: 'SHA256WITHECDSA',
            TemplateArn: 'arn:aws:acm-pca:::template/EndEntityCertificate/V1',
            Validity: { Type: 'DAYS', Value: 7 },
          }),
        ),
      ),
      'AccessDeniedException',
      'the export role cannot issue from a CA not in its props',
    );
  });

  t.test('granted but never used: exactly the justified pairs', async (t) => {
    t.same(unused.unexplained, [], 'every unused grant is justified');
    t.same(unused.staleJustifications, [], 'every justification is still needed');
    t.comment(
      `granted (unit, action, resource) pairs: ${unused.granted}; used by the flows: ${unused.granted - unused.justified.length - unused.unexplained.length}; unused and justified: ${unused.justified.length}`,
    );
    for (const pair of unused.justified) t.comment(`  ${pair.unit} ${pair.action} on ${pair.resource}: ${pair.why}`);
  });
});
