import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EXPORT_FUNCTION_NAME, RENEW_FUNCTION_NAME, RENEW_FUNCTION_TIMEOUT_MS } from '../rules/renewal-rules.ts';
import { acknowledge } from './acknowledge.ts';
import { lambdaBundle, type BundleName } from './lambda-bundles.ts';
import { pinLogicalId, UnitRole } from './unit-role.ts';

/** Export waits for ACM issuance and answers CloudFormation 10 s before this. */
export const EXPORT_TIMEOUT = Duration.minutes(5);
/** A sweep renews many identities under ACM's export quota; RenewCertificate waits up to 60 s for a new serial. */
export const RENEW_TIMEOUT = Duration.millis(RENEW_FUNCTION_TIMEOUT_MS);
/** arm64 at 512 MB: key generation and PBES2 are CPU-bound, and CPU scales with memory. */
export const FUNCTION_MEMORY_MB = 512;
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;
/** Failed asynchronous invocations (custom resources, sweeps) are kept this long in the DLQ. */
export const DLQ_RETENTION = Duration.days(14);

export interface PcaMtlsFunctionsProps {
  readonly bundleDir: string;
  readonly exportStatements: PolicyStatement[];
  readonly renewStatements: PolicyStatement[];
  /** cdk-nag wildcard findings per role, with reasons. */
  readonly exportWildcards: Record<string, string>;
  readonly renewWildcards: Record<string, string>;
  readonly renewReservedConcurrency: number;
  readonly renewEnvironment: Record<string, string>;
}

/** The export and renew functions, their log groups and roles, and the DLQ for failed asynchronous invocations. */
export class PcaMtlsFunctions extends Construct {
  readonly exportFunction: LambdaFunction;
  readonly renewFunction: LambdaFunction;
  readonly exportRole: UnitRole;
  readonly renewRole: UnitRole;
  readonly failureDlq: Queue;

  constructor(scope: Construct, id: string, props: PcaMtlsFunctionsProps) {
    super(scope, id);
    this.failureDlq = new Queue(this, 'FailureDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    pinLogicalId(this.failureDlq, 'FailedInvocationsDlq');
    acknowledge(this.failureDlq, {
      SQS3: 'this queue is itself a DLQ (Lambda failure destination, EventBridge target DLQ); cdk-nag only recognizes redrive DLQs',
    });
    const exportUnit = this.unit('Export', EXPORT_FUNCTION_NAME, 'export-certificate', props, {
      statements: props.exportStatements,
      wildcards: props.exportWildcards,
    });
    this.exportFunction = exportUnit.fn;
    this.exportRole = exportUnit.role;
    const renewUnit = this.unit('Renew', RENEW_FUNCTION_NAME, 'renew-certificate', props, {
      statements: props.renewStatements,
      wildcards: props.renewWildcards,
      reservedConcurrentExecutions: props.renewReservedConcurrency,
      environment: props.renewEnvironment,
    });
    this.renewFunction = renewUnit.fn;
    this.renewRole = renewUnit.role;
  }

  private unit(
    name: string,
    functionName: string,
    bundle: BundleName,
    props: PcaMtlsFunctionsProps,
    unit: {
      statements: PolicyStatement[];
      wildcards: Record<string, string>;
      reservedConcurrentExecutions?: number;
      environment?: Record<string, string>;
    },
  ) {
    const { statements, wildcards, ...extra } = unit;
    const logGroup = new LogGroup(this, `${name}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(logGroup, `${name}FunctionLogGroup`);
    const role = new UnitRole(this, `${name}Role`, {
      name: `${name}Function`,
      description: `pca-mtls ${functionName}: exactly the AWS calls the function makes`,
      statements,
      wildcards,
      logGroup,
    });
    const fn = new LambdaFunction(this, `${name}Function`, {
      functionName,
      description: `pca-mtls ${bundle} (bundle from npm run build)`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: lambdaBundle(props.bundleDir, bundle),
      role: role.role,
      logGroup,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: name === 'Export' ? EXPORT_TIMEOUT : RENEW_TIMEOUT,
      onFailure: new SqsDestination(this.failureDlq),
      ...extra,
    });
    fn.node.addDependency(role.policy);
    pinLogicalId(fn, `${name}Function`);
    return { fn, role };
  }
}
