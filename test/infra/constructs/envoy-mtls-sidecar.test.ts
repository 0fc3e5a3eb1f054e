import t from 'tap';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Ec2TaskDefinition, FargateTaskDefinition, NetworkMode } from 'aws-cdk-lib/aws-ecs';
import { EnvoyMtlsSidecar, type EnvoyMtlsSidecarProps } from '../../../infra/constructs/envoy-mtls-sidecar.ts';
import { tempDir, templateOf, TEST_SIDECAR_IMAGE } from '../../helpers/cdk-synth.ts';

// Loading aws-cdk-lib and synthesizing take minutes on a loaded 2-core machine (seconds on an idle one):
// a generous bound that only proves nothing hangs.
t.setTimeout(300_000);

// One synth: a Fargate server, an EC2 client (explicit key ARN).
const app = new App({ outdir: tempDir(t) });
const stack = new Stack(app, 'Sidecars');
const fargate = new FargateTaskDefinition(stack, 'FargateTask');
new EnvoyMtlsSidecar(stack, 'Server', {
  taskDefinition: fargate,
  identitySecretName: 'pca-mtls/colorteller',
  image: TEST_SIDECAR_IMAGE,
  role: 'server',
  allowPeerSans: ['colorgateway.mesh.local'],
});
const ec2 = new Ec2TaskDefinition(stack, 'Ec2Task', { networkMode: NetworkMode.AWS_VPC });
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
new EnvoyMtlsSidecar(stack, 'Client', {
  taskDefinition: ec2,
  identitySecretName: 'pca-mtls/colorgateway',
  trustSecretName: 'pca-mtls/trust-prod',
  kmsKeyArn: KEY,
  image: TEST_SIDECAR_IMAGE,
  role: 'client',
  upstream: 'colorteller.mesh.local:15000',
  serverSan: 'colorteller.mesh.local',
  memoryLimitMiB: 256,
  drainTimeoutSeconds: 30,
});
const template = Template.fromJSON(templateOf(app, stack).template);

/** The envoy container of the task definition with this compatibility, its environment as a map. */
function envoyContainer(compatibility: 'FARGATE' | 'EC2') {
  const [definition] = Object.values(
    template.findResources('AWS::ECS::TaskDefinition', { Properties: { RequiresCompatibilities: [compatibility] } }),
  ) as { Properties: { ContainerDefinitions: { Environment: { Name: string; Value: unknown }[] }[] } }[];
  const container = definition?.Properties.ContainerDefinitions[0];
  if (!container) throw new Error(`no ${compatibility} task definition`);
  return { container, env: Object.fromEntries(container.Environment.map((e) => [e.Name, e.Value])) };
}

t.test('Fargate: the agent as entrypoint supervising Envoy, /dev/shm, init process, health, drain time', async (t) => {
  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    RequiresCompatibilities: ['FARGATE'],
    ContainerDefinitions: [
      Match.objectLike({
        Name: 'envoy',
        Essential: true,
        Command: ['--', 'envoy', '-c', '/dev/shm/pca-mtls/envoy.yaml'],
        LinuxParameters: { InitProcessEnabled: true, Capabilities: {} },
        HealthCheck: Match.objectLike({
          Command: ['CMD', 'node', '-e', Match.stringLikeRegexp('127\\.0\\.0\\.1:9902/healthz')],
        }),
        StopTimeout: 35,
        PortMappings: [{ ContainerPort: 15000, Protocol: 'tcp' }],
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      }),
    ],
  });
  t.match(envoyContainer('FARGATE').env, {
    PCA_MTLS_SECRET_ID: 'pca-mtls/colorteller',
    PCA_MTLS_TRUST_SECRET_ID: 'pca-mtls/trust',
    PCA_MTLS_OUT_DIR: '/dev/shm/pca-mtls',
    PCA_MTLS_ROLE: 'server',
    PCA_MTLS_ALLOW_PEER_SAN: 'colorgateway.mesh.local',
    PCA_MTLS_LISTEN_PORT: '15000',
    PCA_MTLS_HEALTH_PORT: '9902',
    PCA_MTLS_DRAIN_TIMEOUT: '20s',
    PCA_MTLS_STOP_TIMEOUT: '10s',
    AWS_REGION: { Ref: 'AWS::Region' },
  });
  const fargateDefs = template.findResources('AWS::ECS::TaskDefinition', {
    Properties: { RequiresCompatibilities: ['FARGATE'] },
  });
  t.notMatch(JSON.stringify(fargateDefs), /Tmpfs|SharedMemorySize/, 'no tmpfs or shared memory settings on Fargate');
});

t.test('EC2: a tmpfs of its own for the material, no listener port for a client', async (t) => {
  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    RequiresCompatibilities: ['EC2'],
    ContainerDefinitions: [
      Match.objectLike({
        Command: ['--', 'envoy', '-c', '/run/pca-mtls/envoy.yaml'],
        LinuxParameters: {
          InitProcessEnabled: true,
          Capabilities: {},
          Tmpfs: [{ ContainerPath: '/run/pca-mtls', Size: 16 }],
        },
        Memory: 256,
        StopTimeout: 45,
        PortMappings: Match.absent(),
      }),
    ],
  });
  t.match(envoyContainer('EC2').env, {
    PCA_MTLS_OUT_DIR: '/run/pca-mtls',
    PCA_MTLS_ROLE: 'client',
    PCA_MTLS_UPSTREAM: 'colorteller.mesh.local:15000',
    PCA_MTLS_SERVER_SAN: 'colorteller.mesh.local',
    PCA_MTLS_TRUST_SECRET_ID: 'pca-mtls/trust-prod',
    PCA_MTLS_DRAIN_TIMEOUT: '30s',
  });
  t.notOk('PCA_MTLS_ALLOW_PEER_SAN' in envoyContainer('EC2').env, 'a client admits no peers');
});

t.test('task role: exactly its identity and the trust secret, decrypt only through Secrets Manager', async (t) => {
  const secret = (name: string) => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':secretsmanager:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:secret:${name}-??????`,
      ],
    ],
  });
  const via = { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } };
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: Match.stringLikeRegexp('^FargateTaskTaskRole') }],
    PolicyDocument: {
      Statement: [
        {
          Sid: 'BatchGetSecretValueHasNoResourceLevelPermission',
          Effect: 'Allow',
          Action: 'secretsmanager:BatchGetSecretValue',
          Resource: '*',
        },
        {
          Sid: 'ReadIdentityAndTrustSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: [secret('pca-mtls/colorteller'), secret('pca-mtls/trust')],
        },
        Match.objectLike({
          Sid: 'DecryptOnlyThroughSecretsManager',
          Action: 'kms:Decrypt',
          Condition: { StringEquals: via, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/pca-mtls'] } },
        }),
      ],
    },
  });
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: Match.stringLikeRegexp('^Ec2TaskTaskRole') }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Sid: 'DecryptOnlyThroughSecretsManager',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: KEY,
          Condition: { StringEquals: via },
        },
      ]),
    },
  });
  t.pass();
});

t.test('props are validated at synth, naming the prop', async (t) => {
  const base = { identitySecretName: 'pca-mtls/a', image: TEST_SIDECAR_IMAGE };
  const cases: [Partial<EnvoyMtlsSidecarProps>, RegExp][] = [
    [{ role: 'server' }, /prop 'allowPeerSans' is required for role 'server'/],
    [{ role: 'client', serverSan: 'b.mesh.local' }, /prop 'upstream' is required as HOST:PORT/],
    [{ role: 'client', upstream: 'b:15000' }, /prop 'serverSan' is required for role 'client'/],
    [{ allowPeerSans: ['not a name'], role: 'server' }, /prop 'allowPeerSans' 'not a name' is not a DNS name/],
    [{ role: 'server', allowPeerSans: ['a.b'], listenPort: 70000 }, /prop 'listenPort' must be a port/],
    [
      { role: 'server', allowPeerSans: ['a.b'], appPort: 15000 },
      /prop 'listenPort' and the other ports must all differ/,
    ],
    [
      { role: 'server', allowPeerSans: ['a.b'], drainTimeoutSeconds: 200 },
      /prop 'drainTimeoutSeconds' plus stopTimeoutSeconds/,
    ],
    [{ role: 'server', allowPeerSans: ['a.b'], identitySecretName: '' }, /prop 'identitySecretName' is required/],
  ];
  for (const [props, message] of cases) {
    const s = new Stack(new App({ outdir: tempDir(t) }), 'Bad');
    const taskDefinition = new FargateTaskDefinition(s, 'Task');
    t.throws(() => new EnvoyMtlsSidecar(s, 'Envoy', { ...base, taskDefinition, ...props }), {
      code: 'INVALID_PROPS',
      message,
    });
  }
});
