import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildColorMeshApp, COLOR_APP_DOCKERFILE } from '../../../../infra/examples/color-mesh/app.ts';
import { REPO_ROOT } from '../../../../infra/repo-root.ts';
import { tempDir, templateOf, TEST_CA_ARN } from '../../../helpers/cdk-synth.ts';

// Loading aws-cdk-lib and synthesizing take minutes on a loaded 2-core machine (seconds on an idle one):
// a generous bound that only proves nothing hangs.
t.setTimeout(300_000);

const { app, stack } = buildColorMeshApp({
  outdir: tempDir(t),
  context: {
    'color-mesh:appImage': 'public.ecr.aws/example/color-app:test',
    'color-mesh:sidecarImage': 'public.ecr.aws/example/agent-envoy:test',
    'color-mesh:caArn': TEST_CA_ARN,
  },
});
const template = Template.fromJSON(templateOf(app, stack).template);

t.test(
  'two identities from the CA: colorteller (acm, server), colorgateway (pca, client, rolled on renewal)',
  async (t) => {
    template.hasResourceProperties('Custom::PcaMtlsIdentity', {
      Identity: 'colorteller',
      Source: 'acm',
      CaArn: TEST_CA_ARN,
      Role: 'server',
      Rotation: 'hot',
    });
    template.hasResourceProperties('Custom::PcaMtlsIdentity', {
      Identity: 'colorgateway',
      Source: 'pca',
      Role: 'client',
      Rotation: 'redeploy',
      EcsServices: 'color-mesh/colorgateway',
    });
    template.resourceCountIs('Custom::PcaMtlsIdentity', 2);
    t.pass();
  },
);

t.test(
  'Fargate services with plain Envoy sidecars: mTLS port between them, gateway app waits for a healthy Envoy',
  async (t) => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'color-mesh' });
    template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'colorteller', LaunchType: 'FARGATE' });
    template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'colorgateway', LaunchType: 'FARGATE' });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({ Name: 'app', DependsOn: [{ ContainerName: 'envoy', Condition: 'HEALTHY' }] }),
        Match.objectLike({ Name: 'envoy', Image: 'public.ecr.aws/example/agent-envoy:test' }),
      ]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 15000,
      ToPort: 15000,
      IpProtocol: 'tcp',
    });
    template.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'mesh.local' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    const sidecarPolicy = {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReadIdentityAndTrustSecrets' })]) },
    };
    template.resourcePropertiesCountIs('AWS::IAM::Policy', sidecarPolicy, 2);
    t.pass();
  },
);

t.test(
  'without an image the example says which context key to set',
  {
    skip: existsSync(join(REPO_ROOT, COLOR_APP_DOCKERFILE))
      ? `${COLOR_APP_DOCKERFILE} exists: the default builds it`
      : false,
  },
  async (t) => {
    t.throws(() => buildColorMeshApp({ outdir: tempDir(t) }), {
      code: 'INVALID_PROPS',
      message: /prop 'appImage' is required: set context color-mesh:appImage=<image URI>/,
    });
  },
);
