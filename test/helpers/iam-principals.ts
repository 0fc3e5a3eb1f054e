/**
 * The shipped IAM policies as aws-local principals: synthesizes the PcaMtls
 * stack and a task with an EnvoyMtlsSidecar per identity, takes each unit's
 * role policy from the synthesized templates (infra/iam/role-policies.ts)
 * and resolves the CloudFormation intrinsics into aws-local's account,
 * region and ARNs, so a test can start aws-local with
 * `iam: { principals: principalsFor(...) }` and let each unit sign as itself.
 */
import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { FargateTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { EnvoyMtlsSidecar } from '../../infra/constructs/envoy-mtls-sidecar.ts';
import { rolePolicyStatements, type PolicyStatementJson } from '../../infra/iam/role-policies.ts';
import type { IamPrincipalOptions } from '../../services/aws-local/iam/config.ts';
import {
  stubLambdaBundles,
  synthPcaMtls,
  tempDir,
  templateOf,
  TEST_SIDECAR_IMAGE,
  type TemplateJson,
} from './cdk-synth.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** ARNs of the template's own resources that policies point at, by CloudFormation type. */
const ARN_OF_TYPE: Record<string, (logicalId: string) => string> = {
  'AWS::KMS::Key': (id) => `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${id}`,
  'AWS::Logs::LogGroup': (id) => `arn:aws:logs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:log-group:${id}`,
  'AWS::IAM::Role': (id) => `arn:aws:iam::${LOCAL_ACCOUNT}:role/${id}`,
  'AWS::SQS::Queue': (id) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`,
  'AWS::SNS::Topic': (id) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`,
};

/**
 * Ref (pseudo parameters), Fn::GetAtt …Arn of the template's keys, log groups
 * and roles, Fn::Join. Anything else throws: a policy pointing somewhere this
 * resolver does not know must be looked at, not guessed.
 */
export function resolveForAwsLocal(value: unknown, template: TemplateJson): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveForAwsLocal(item, template));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') {
    const pseudo = PSEUDO[object.Ref];
    if (pseudo === undefined) throw new Error(`no aws-local value for Ref ${object.Ref}`);
    return pseudo;
  }
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    const [logicalId, attribute] = getAtt as [string, string];
    const arnOf = ARN_OF_TYPE[template.Resources[logicalId]?.Type ?? ''];
    if (attribute !== 'Arn' || !arnOf) throw new Error(`no aws-local value for Fn::GetAtt ${logicalId}.${attribute}`);
    return arnOf(logicalId);
  }
  const join = object['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    return (resolveForAwsLocal(parts, template) as unknown[]).join(separator);
  }
  const keys = Object.keys(object);
  if (keys.some((k) => k.startsWith('Fn::'))) throw new Error(`no aws-local value for ${keys.join(', ')}`);
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveForAwsLocal(item, template)]));
}

export interface UnitPolicy {
  /** The role's logical id in its template, e.g. `RenewFunctionRole`. */
  roleLogicalId: string;
  statements: PolicyStatementJson[];
}

export function unitPolicy(template: TemplateJson, roleLogicalId: string): UnitPolicy {
  const statements = resolveForAwsLocal(
    rolePolicyStatements(template, roleLogicalId),
    template,
  ) as PolicyStatementJson[];
  return { roleLogicalId, statements };
}

export interface ShippedPolicies {
  export: UnitPolicy;
  renew: UnitPolicy;
  /** One task role per sidecar identity, by identity. */
  agents: Record<string, UnitPolicy>;
}

/**
 * Synthesizes the stack with these CAs and clusters, and one task per agent
 * identity (`pca-mtls/<identity>` secrets), and returns each unit's policy.
 */
export function shippedPolicies(
  t: { teardown(fn: () => unknown): void },
  props: { caArns: string[]; clusters: string[]; agentIdentities: string[] },
): ShippedPolicies {
  const { template } = synthPcaMtls(stubLambdaBundles(t), tempDir(t), {
    certificateAuthorityArns: props.caArns,
    ecsClusterNames: props.clusters,
  });
  const app = new App({ outdir: tempDir(t) });
  const stack = new Stack(app, 'Agents');
  for (const identity of props.agentIdentities) {
    const task = new FargateTaskDefinition(stack, `${identity}Task`);
    (task.taskRole.node.defaultChild as CfnResource).overrideLogicalId(`${identity}TaskRole`);
    new EnvoyMtlsSidecar(stack, `${identity}Envoy`, {
      taskDefinition: task,
      identitySecretName: `pca-mtls/${identity}`,
      image: TEST_SIDECAR_IMAGE,
      role: 'server',
      allowPeerSans: ['peer.mesh.local'],
    });
  }
  const agentTemplate = templateOf(app, stack).template;
  return {
    export: unitPolicy(template, 'ExportFunctionRole'),
    renew: unitPolicy(template, 'RenewFunctionRole'),
    agents: Object.fromEntries(
      props.agentIdentities.map((identity) => [identity, unitPolicy(agentTemplate, `${identity}TaskRole`)]),
    ),
  };
}

/** The task role policy of one agent identity (throws when it was not synthesized). */
export function agentPolicy(policies: ShippedPolicies, identity: string): UnitPolicy {
  const policy = Object.hasOwn(policies.agents, identity) ? policies.agents[identity] : undefined;
  if (!policy) throw new Error(`no agent task role was synthesized for ${identity}`);
  return policy;
}

/** An aws-local principal signing with `accessKeyId` under this unit's policy (role named after it). */
export function asPrincipal(policy: UnitPolicy, sessionName: string): IamPrincipalOptions {
  return {
    policies: { Version: '2012-10-17', Statement: policy.statements },
    roleName: policy.roleLogicalId,
    sessionName,
  };
}
