import { CfnOutput, CfnParameter, Lazy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { SECRET_ID_PREFIX } from '../lib/vocabulary.ts';
import { RENEWAL_ENV, type RenewalOptions } from '../lib/renewal/renewal-options.ts';
import { DEFAULT_LAMBDA_BUNDLE_DIR } from './constructs/lambda-bundles.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { PcaMtlsFunctions } from './constructs/pca-mtls-functions.ts';
import { PcaMtlsTrustBundle } from './constructs/pca-mtls-trust-bundle.ts';
import { InvalidPropsError } from './constructs/props-error.ts';
import { RenewalWiring } from './constructs/renewal-wiring.ts';
import { EXPORT_RATE_PER_INSTANCE } from './rules/renewal-queue.ts';
import { SecretsKey } from './constructs/secrets-key.ts';
import { pinLogicalId } from './constructs/unit-role.ts';
import { nagArn, NO_RESOURCE_LEVEL } from './constructs/acknowledge.ts';
import { ecsServiceArns, exportStatements, renewStatements, secretArnPattern } from './iam/unit-policies.ts';

/** The renew function's reserved concurrency: the queue's 2 plus sweeps and retries, far below ACM's quotas. */
export const DEFAULT_RENEW_RESERVED_CONCURRENCY = 5;
/** All clusters of the account and region, when none are named (see the README's IAM summary). */
export const ALL_CLUSTERS = '*';

export interface PcaMtlsStackProps extends StackProps {
  /**
   * The Private CAs pca-mtls may issue from. Default: the CommaDelimitedList
   * parameter `CertificateAuthorityArns`, given at deploy time.
   */
  readonly certificateAuthorityArns?: string[];
  /** Secrets pca-mtls writes and reads live under this name prefix. Default `pca-mtls/`. */
  readonly secretNamePrefix?: string;
  /** Every alarm notifies this topic. Default: alarms without actions. */
  readonly alarmTopic?: ITopic;
  /** The same as `alarmTopic`, by ARN (for CDK context). */
  readonly alarmTopicArn?: string;
  /** The ECS clusters whose services the renew function may roll. Default: every cluster (`*`). */
  readonly ecsClusterNames?: string[];
  /** Keep the trust bundle (`<prefix>trust`) equal to `certificateAuthorityArns`. Default true. */
  readonly manageTrustBundle?: boolean;
  /** Default 5. */
  readonly renewReservedConcurrency?: number;
  /**
   * Renewal tuning, set as the renew function's PCA_MTLS_* variables (validated by the function).
   * `exportRatePerSecond` defaults to ACM's ExportCertificate quota divided by the queue's maximum concurrency.
   */
  readonly renewalOptions?: Partial<Record<keyof RenewalOptions, number>>;
  /** Where `npm run build` wrote the bundles. Default `<repo>/dist/lambdas`. */
  readonly lambdaBundleDir?: string;
}

const PCA_ARN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;
const PREFIX = /^[A-Za-z0-9/_+=.@-]{1,100}\/$/;
const CLUSTER = /^([A-Za-z0-9_-]{1,255}|\*)$/;

/** The shared part of pca-mtls, one per account and region: key, functions, renewal wiring, alarms. */
export class PcaMtlsStack extends Stack {
  readonly functions: PcaMtlsFunctions;
  readonly secretsKey: SecretsKey;
  readonly renewal: RenewalWiring;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: PcaMtlsStackProps) {
    super(scope, id, { description: 'pca-mtls: mutual TLS for ECS with AWS Private CA certificates', ...props });
    const settings = validate(props);
    const caArns =
      props.certificateAuthorityArns ??
      new CfnParameter(this, 'CertificateAuthorityArns', {
        type: 'CommaDelimitedList',
        description: 'The Private CA ARNs pca-mtls may issue from (comma-separated)',
      }).valueAsList;
    const alarmTopic =
      props.alarmTopic ??
      (props.alarmTopicArn === undefined ? undefined : Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn));
    const scopeArns = {
      secretArnPattern: secretArnPattern(settings.prefix),
      caArns,
      ecsServiceArns: ecsServiceArns(settings.clusters),
    };
    // The key policy names the roles, so the key is created after them; their policies name it lazily.
    const keyRef = { arn: '' };
    const lazyKeyArn = Lazy.string({ produce: () => keyRef.arn });
    this.functions = new PcaMtlsFunctions(this, 'Functions', {
      bundleDir: props.lambdaBundleDir ?? DEFAULT_LAMBDA_BUNDLE_DIR,
      exportStatements: exportStatements({ ...scopeArns, keyArn: lazyKeyArn }),
      renewStatements: renewStatements({ ...scopeArns, keyArn: lazyKeyArn }),
      ...wildcardReasons(settings.prefix, settings.clusters),
      renewReservedConcurrency: settings.reservedConcurrency,
      renewEnvironment: renewEnvironment(props.renewalOptions),
    });
    this.secretsKey = new SecretsKey(this, 'SecretsKey', {
      writers: [this.functions.exportRole.role, this.functions.renewRole.role],
    });
    pinLogicalId(this.secretsKey.key, 'SecretsKey');
    keyRef.arn = this.secretsKey.key.keyArn;
    this.renewal = new RenewalWiring(this, 'Renewal', {
      renewFunction: this.functions.renewFunction,
      failureDlq: this.functions.failureDlq,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      exportFunction: this.functions.exportFunction,
      renewFunction: this.functions.renewFunction,
      renewLogGroup: this.functions.renewFunction.logGroup,
      queue: this.renewal.queue,
      dlqs: [this.functions.failureDlq, this.renewal.queueDlq],
      alarmTopic,
    });
    if (props.manageTrustBundle ?? true) {
      const bundle = new PcaMtlsTrustBundle(this, 'TrustBundle', {
        caArns,
        secretName: `${settings.prefix}trust`,
        exportFunctionArn: this.functions.exportFunction.functionArn,
      });
      // The function must be able to write (policy, key) before CloudFormation calls it.
      bundle.node.addDependency(this.functions, this.secretsKey);
    }
    this.finish();
  }

  /** Stable ids for the roles' CDK-made grant policies, and the outputs. */
  private finish(): void {
    for (const [name, unit] of [
      ['Export', this.functions.exportRole],
      ['Renew', this.functions.renewRole],
    ] as const) {
      const grants = unit.role.node.tryFindChild('DefaultPolicy');
      if (grants) pinLogicalId(grants, `${name}FunctionRoleDefaultPolicy`);
    }
    new CfnOutput(this, 'ExportFunctionArn', { value: this.functions.exportFunction.functionArn });
    new CfnOutput(this, 'SecretsKeyArn', { value: this.secretsKey.key.keyArn });
  }
}

function validate(props: PcaMtlsStackProps) {
  const fail = (prop: string, problem: string) => new InvalidPropsError('PcaMtlsStack', prop, problem);
  const cas = props.certificateAuthorityArns;
  if (cas !== undefined && !Token.isUnresolved(cas)) {
    if (cas.length === 0) throw fail('certificateAuthorityArns', 'must name at least one Private CA ARN');
    const bad = cas.find((arn) => !Token.isUnresolved(arn) && !PCA_ARN.test(arn));
    if (bad !== undefined) throw fail('certificateAuthorityArns', `has '${bad}', which is not a Private CA ARN`);
  }
  const prefix = props.secretNamePrefix ?? SECRET_ID_PREFIX;
  if (!PREFIX.test(prefix)) throw fail('secretNamePrefix', `must be a secret name path ending in '/'; got '${prefix}'`);
  const clusters = props.ecsClusterNames ?? [ALL_CLUSTERS];
  const badCluster = clusters.find((name) => !CLUSTER.test(name));
  if (clusters.length === 0 || badCluster !== undefined) {
    throw fail('ecsClusterNames', `must list ECS cluster names (or '*'); got '${badCluster ?? ''}'`);
  }
  const reservedConcurrency = props.renewReservedConcurrency ?? DEFAULT_RENEW_RESERVED_CONCURRENCY;
  if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 3 || reservedConcurrency > 100) {
    // At least the queue's maximum concurrency (2) plus one for the sweep.
    throw fail('renewReservedConcurrency', `must be a whole number from 3 to 100; got ${reservedConcurrency}`);
  }
  return { prefix, clusters, reservedConcurrency };
}

/** Why each wildcard resource of the two roles is the narrowest its actions allow (cdk-nag IAM5). */
function wildcardReasons(prefix: string, clusters: string[]) {
  const shared = {
    'IAM5[Resource::*]': NO_RESOURCE_LEVEL,
    [`IAM5[Resource::${nagArn('acm', 'certificate/*')}]`]:
      'ACM certificate ids are random and identities are added at run time: this account and region only',
    [`IAM5[Resource::${nagArn('secretsmanager', `secret:${prefix}*`)}]`]:
      'pca-mtls secrets only (the name prefix); identity names are chosen at run time and Secrets Manager adds a random suffix',
  };
  const rolls = Object.fromEntries(
    clusters.map((cluster) => [
      `IAM5[Resource::${nagArn('ecs', `service/${cluster}/*`)}]`,
      cluster === ALL_CLUSTERS
        ? 'no ecsClusterNames given: services of any cluster bound to an identity by its tag (set ecsClusterNames to narrow)'
        : `services of cluster ${cluster} bound to an identity by its tag, chosen at run time`,
    ]),
  );
  return { exportWildcards: shared, renewWildcards: { ...shared, ...rolls } };
}

function renewEnvironment(options: PcaMtlsStackProps['renewalOptions'] = {}): Record<string, string> {
  const env: Record<string, string> = { [RENEWAL_ENV.exportRatePerSecond]: String(EXPORT_RATE_PER_INSTANCE) };
  for (const [name, value] of Object.entries(options)) {
    const variable = RENEWAL_ENV[name as keyof RenewalOptions];
    if (variable === undefined)
      throw new InvalidPropsError('PcaMtlsStack', `renewalOptions.${name}`, 'is not a renewal option');
    env[variable] = String(value);
  }
  return env;
}
