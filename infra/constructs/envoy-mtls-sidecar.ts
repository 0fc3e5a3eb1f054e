import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  ContainerImage,
  LinuxParameters,
  LogDrivers,
  Protocol,
  type ContainerDefinition,
  type TaskDefinition,
} from 'aws-cdk-lib/aws-ecs';
import { Policy } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_OUT_DIR } from '../../envoy/agent/config.ts';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';
import { agentStatements, secretArnForName } from '../iam/unit-policies.ts';
import { REPO_ROOT } from '../repo-root.ts';
import { acknowledge, nagArn, NO_RESOURCE_LEVEL } from './acknowledge.ts';
import { InvalidPropsError } from './props-error.ts';
import { SECRETS_KEY_ALIAS } from './secrets-key.ts';
import { sidecarEnvironment, validateSidecarProps, type SidecarSettings } from './sidecar-settings.ts';

/** The agent+Envoy image's Dockerfile (build context: the repository root, after `npm run build`). */
export const AGENT_ENVOY_DOCKERFILE = 'docker/agent-envoy/Dockerfile';
/** Fargate has no tmpfs mounts: the runtime's default /dev/shm (64 MiB) holds the PEM files, where the agent writes by default. */
export const FARGATE_OUT_DIR = DEFAULT_OUT_DIR;
/** EC2: a tmpfs mount of its own, sized for a few PEM files and Envoy's bootstrap. */
export const EC2_OUT_DIR = '/run/pca-mtls';
export const EC2_TMPFS_SIZE_MIB = 16;
/** SIGTERM → the agent drains Envoy (drain timeout), then stops it (stop timeout); ECS waits this much longer. */
export const STOP_MARGIN_SECONDS = 5;
/** ECS's ceiling for a container's stopTimeout. */
export const MAX_STOP_TIMEOUT_SECONDS = 120;

export interface EnvoyMtlsSidecarProps extends SidecarSettings {
  readonly taskDefinition: TaskDefinition;
  /** The identity secret's name (e.g. `PcaMtlsIdentity.secretName`). */
  readonly identitySecretName: string;
  /** Default `pca-mtls/trust`. */
  readonly trustSecretName?: string;
  /** The KMS key ARN of the secrets. Default: the key aliased `alias/pca-mtls` (the PcaMtls stack's). */
  readonly kmsKeyArn?: string;
  /** Default: built from docker/agent-envoy/Dockerfile at the repository root. */
  readonly image?: ContainerImage;
  /** Default `envoy`. */
  readonly containerName?: string;
  readonly memoryLimitMiB?: number;
  readonly cpu?: number;
}

/**
 * Adds the agent+Envoy container to a task definition (Fargate or EC2): the
 * agent is the entrypoint and supervises Envoy, key material lives in
 * memory-backed storage, `/healthz` is the health check, and the task role
 * may read exactly the identity and trust secrets and decrypt them only
 * through Secrets Manager.
 *
 * It acknowledges cdk-nag's AwsSolutions-ECS2 (environment variables) on the
 * task definition, because the agent is configured by PCA_MTLS_* variables:
 * that acknowledgement also covers the other containers of the task, so keep
 * their secrets in `secrets`, not `environment`.
 */
export class EnvoyMtlsSidecar extends Construct {
  readonly container: ContainerDefinition;
  readonly policy: Policy;
  readonly outDir: string;

  constructor(scope: Construct, id: string, props: EnvoyMtlsSidecarProps) {
    super(scope, id);
    const settings = validateSidecarProps(props);
    const fargate = props.taskDefinition.isFargateCompatible;
    this.outDir = fargate ? FARGATE_OUT_DIR : EC2_OUT_DIR;
    const linuxParameters = new LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true });
    if (!fargate) linuxParameters.addTmpfs({ containerPath: EC2_OUT_DIR, size: EC2_TMPFS_SIZE_MIB });
    const stopTimeout = settings.drainSeconds + settings.stopSeconds + STOP_MARGIN_SECONDS;
    if (stopTimeout > MAX_STOP_TIMEOUT_SECONDS) {
      throw new InvalidPropsError(
        'EnvoyMtlsSidecar',
        'drainTimeoutSeconds',
        `plus stopTimeoutSeconds plus ${STOP_MARGIN_SECONDS} s must fit ECS's ${MAX_STOP_TIMEOUT_SECONDS} s stopTimeout`,
      );
    }
    const trustSecretName = props.trustSecretName ?? DEFAULT_TRUST_SECRET_ID;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.container = props.taskDefinition.addContainer(props.containerName ?? 'envoy', {
      image: props.image ?? defaultImage(),
      essential: true,
      command: ['--', 'envoy', '-c', `${this.outDir}/envoy.yaml`],
      environment: {
        ...sidecarEnvironment(settings),
        AWS_REGION: Aws.REGION,
        PCA_MTLS_SECRET_ID: props.identitySecretName,
        PCA_MTLS_TRUST_SECRET_ID: trustSecretName,
        PCA_MTLS_OUT_DIR: this.outDir,
      },
      linuxParameters,
      stopTimeout: Duration.seconds(stopTimeout),
      memoryLimitMiB: props.memoryLimitMiB,
      cpu: props.cpu,
      logging: LogDrivers.awsLogs({ streamPrefix: 'envoy', logGroup }),
      healthCheck: {
        // The image carries Node.js (the agent); no curl needed. 200 only with valid material.
        command: ['CMD', 'node', '-e', healthProbe(settings.healthPort)],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(3),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      portMappings: settings.role === 'client' ? [] : [{ containerPort: settings.listenPort, protocol: Protocol.TCP }],
    });
    this.policy = this.grantSecrets(props, trustSecretName);
  }

  /** The task role reads exactly the identity and trust secrets, and decrypts only through Secrets Manager. */
  private grantSecrets(props: EnvoyMtlsSidecarProps, trustSecretName: string): Policy {
    const policy = new Policy(this, 'Policy', {
      statements: agentStatements({
        secretArns: [secretArnForName(props.identitySecretName), secretArnForName(trustSecretName)],
        keyArn: props.kmsKeyArn ?? `arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`,
        keyAlias: props.kmsKeyArn === undefined ? SECRETS_KEY_ALIAS : undefined,
      }),
      roles: [props.taskDefinition.taskRole],
    });
    acknowledge(policy, {
      'IAM5[Resource::*]': NO_RESOURCE_LEVEL,
      ...(props.kmsKeyArn === undefined
        ? {
            [`IAM5[Resource::${nagArn('kms', 'key/*')}]`]:
              'kms:Decrypt only through Secrets Manager and only on the key aliased alias/pca-mtls (kms:ResourceAliases)',
          }
        : {}),
    });
    acknowledge(props.taskDefinition, {
      ECS2: "the agent's environment holds only settings (PCA_MTLS_*: secret names, ports, SANs); key material is fetched at run time",
    });
    return policy;
  }
}

function healthProbe(port: number): string {
  return `fetch('http://127.0.0.1:${port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;
}

function defaultImage(): ContainerImage {
  if (!existsSync(join(REPO_ROOT, AGENT_ENVOY_DOCKERFILE))) {
    throw new InvalidPropsError(
      'EnvoyMtlsSidecar',
      'image',
      `is required: ${AGENT_ENVOY_DOCKERFILE} is not in this checkout`,
    );
  }
  return ContainerImage.fromAsset(REPO_ROOT, { file: AGENT_ENVOY_DOCKERFILE });
}
