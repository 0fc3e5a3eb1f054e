import { CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { FlowLogDestination, Peer, Port, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import {
  Cluster,
  ContainerDependencyCondition,
  ContainerInsights,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  type ContainerImage,
} from 'aws-cdk-lib/aws-ecs';
import { ApplicationLoadBalancer, ApplicationProtocol } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PrivateDnsNamespace } from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import { acknowledge } from '../../constructs/acknowledge.ts';
import { EnvoyMtlsSidecar } from '../../constructs/envoy-mtls-sidecar.ts';
import { PcaMtlsIdentity } from '../../constructs/pca-mtls-identity.ts';

export const MESH_DOMAIN = 'mesh.local';
export const CLUSTER_NAME = 'color-mesh';
const TELLER_APP_PORT = 8080;
const GATEWAY_APP_PORT = 9080;
const MTLS_PORT = 15000;
const EGRESS_PORT = 15001;

export interface ColorMeshStackProps extends StackProps {
  /** The agent+Envoy image (EnvoyMtlsSidecar's default when absent). */
  readonly sidecarImage?: ContainerImage;
  /** The Color App image; its entrypoint takes the service to run (`colorteller`, `colorgateway`) as its command. */
  readonly appImage: ContainerImage;
  /** The general-purpose Private CA both identities come from. Default: parameter `CertificateAuthorityArn`. */
  readonly caArn?: string;
}

/**
 * The Color App on Fargate with mutual TLS between plain Envoy sidecars:
 * an internet-facing ALB → colorgateway (client identity) → mTLS →
 * colorteller (server identity), found through Cloud Map. What the App Mesh
 * sample's CloudFormation built, without App Mesh.
 */
export class ColorMeshStack extends Stack {
  constructor(scope: Construct, id: string, props: ColorMeshStackProps) {
    super(scope, id, { description: 'pca-mtls example: the Color App with mTLS between Envoy sidecars', ...props });
    const caArn =
      props.caArn ??
      new CfnParameter(this, 'CertificateAuthorityArn', { description: 'Private CA (general-purpose) ARN' })
        .valueAsString;
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      flowLogs: { All: { destination: FlowLogDestination.toCloudWatchLogs() } },
    });
    const cluster = new Cluster(this, 'Cluster', {
      vpc,
      clusterName: CLUSTER_NAME,
      containerInsightsV2: ContainerInsights.ENABLED,
    });
    const namespace = new PrivateDnsNamespace(this, 'Namespace', { name: MESH_DOMAIN, vpc });
    const { teller, gateway } = this.identities(caArn);
    const tellerService = new FargateService(this, 'TellerService', {
      ...serviceDefaults(cluster),
      serviceName: 'colorteller',
      taskDefinition: this.tellerTask(props, teller),
      cloudMapOptions: { name: 'colorteller', cloudMapNamespace: namespace, dnsTtl: Duration.seconds(10) },
    });
    const gatewayService = new FargateService(this, 'GatewayService', {
      ...serviceDefaults(cluster),
      serviceName: 'colorgateway',
      taskDefinition: this.gatewayTask(props, gateway),
    });
    // Tasks start only once their secrets exist.
    tellerService.node.addDependency(teller);
    gatewayService.node.addDependency(gateway);
    tellerService.connections.allowFrom(gatewayService, Port.tcp(MTLS_PORT), 'mTLS from colorgateway');
    this.loadBalancer(vpc, gatewayService);
  }

  private identities(caArn: string) {
    const teller = new PcaMtlsIdentity(this, 'TellerIdentity', {
      identity: 'colorteller',
      source: 'acm',
      caArn,
      domain: `colorteller.${MESH_DOMAIN}`,
      role: 'server',
      rotation: 'hot',
    });
    // A client identity from Private CA directly: ACM may leave out the clientAuth EKU.
    const gateway = new PcaMtlsIdentity(this, 'GatewayIdentity', {
      identity: 'colorgateway',
      source: 'pca',
      caArn,
      domain: `colorgateway.${MESH_DOMAIN}`,
      role: 'client',
      rotation: 'redeploy',
      ecsServices: [`${CLUSTER_NAME}/colorgateway`],
    });
    return { teller, gateway };
  }

  private tellerTask(props: ColorMeshStackProps, identity: PcaMtlsIdentity): FargateTaskDefinition {
    const task = new FargateTaskDefinition(this, 'TellerTask', { cpu: 512, memoryLimitMiB: 1024 });
    task.addContainer('app', {
      image: props.appImage,
      command: ['colorteller'],
      environment: { TLS_MODE: 'envoy', HOST: '127.0.0.1', PORT: String(TELLER_APP_PORT), TELLER_COLOR: 'blue' },
      logging: LogDrivers.awsLogs({ streamPrefix: 'colorteller', logRetention: RetentionDays.ONE_MONTH }),
    });
    new EnvoyMtlsSidecar(this, 'TellerEnvoy', {
      taskDefinition: task,
      identitySecretName: identity.secretName,
      image: props.sidecarImage,
      role: 'server',
      allowPeerSans: [`colorgateway.${MESH_DOMAIN}`],
      listenPort: MTLS_PORT,
      appPort: TELLER_APP_PORT,
    });
    return task;
  }

  private gatewayTask(props: ColorMeshStackProps, identity: PcaMtlsIdentity): FargateTaskDefinition {
    const task = new FargateTaskDefinition(this, 'GatewayTask', { cpu: 512, memoryLimitMiB: 1024 });
    const app = task.addContainer('app', {
      image: props.appImage,
      command: ['colorgateway'],
      environment: {
        TLS_MODE: 'envoy',
        HOST: '0.0.0.0',
        PORT: String(GATEWAY_APP_PORT),
        TELLER_URL: `http://127.0.0.1:${EGRESS_PORT}`,
      },
      portMappings: [{ containerPort: GATEWAY_APP_PORT }],
      logging: LogDrivers.awsLogs({ streamPrefix: 'colorgateway', logRetention: RetentionDays.ONE_MONTH }),
    });
    const envoy = new EnvoyMtlsSidecar(this, 'GatewayEnvoy', {
      taskDefinition: task,
      identitySecretName: identity.secretName,
      image: props.sidecarImage,
      role: 'client',
      upstream: `colorteller.${MESH_DOMAIN}:${MTLS_PORT}`,
      serverSan: `colorteller.${MESH_DOMAIN}`,
      egressPort: EGRESS_PORT,
      appPort: GATEWAY_APP_PORT,
    });
    // The gateway calls colorteller through Envoy's egress: start it once Envoy serves valid material.
    app.addContainerDependencies({ container: envoy.container, condition: ContainerDependencyCondition.HEALTHY });
    return task;
  }

  private loadBalancer(vpc: Vpc, gatewayService: FargateService): void {
    const albSecurityGroup = new SecurityGroup(this, 'AlbSecurityGroup', { vpc, allowAllOutbound: false });
    albSecurityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), 'the demo entry point');
    acknowledge(albSecurityGroup, { EC23: "the demo's public entry point: HTTP to colorgateway through the ALB" });
    const alb = new ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
    });
    acknowledge(alb, { ELB2: 'a demo: no access-log bucket; production stacks should enable access logs' });
    alb.addListener('Http', { port: 80, protocol: ApplicationProtocol.HTTP }).addTargets('Gateway', {
      port: GATEWAY_APP_PORT,
      protocol: ApplicationProtocol.HTTP,
      targets: [gatewayService.loadBalancerTarget({ containerName: 'app', containerPort: GATEWAY_APP_PORT })],
      healthCheck: { path: '/healthz' },
    });
  }
}

function serviceDefaults(cluster: Cluster) {
  return {
    cluster,
    desiredCount: 2,
    minHealthyPercent: 100,
    circuitBreaker: { enable: true, rollback: true },
  };
}
