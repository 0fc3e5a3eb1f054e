import type { Command } from 'commander';
import { exportIdentity, type ExportResult } from '../../lib/identity/export-identity.ts';
import {
  DEFAULT_CERTIFICATE_ROLE,
  DEFAULT_KEY_ALGORITHM,
  DEFAULT_ROTATION,
  DEFAULT_SOURCE,
  parseExportRequest,
} from '../../lib/identity/export-request.ts';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import type { CliIo } from '../io.ts';
import { collect } from '../options.ts';

interface BindingOptions {
  secretId?: string;
  ecsService: string[];
  rotation?: string;
  kmsKeyId?: string;
  json?: boolean;
}

function addBindingOptions(command: Command): Command {
  return command
    .option('--secret-id <id>', 'Secrets Manager secret to write (default pca-mtls/<identity>)')
    .option('--ecs-service <cluster/service>', 'ECS service that uses this identity (repeatable)', collect, [])
    .option(
      '--rotation <mode>',
      'how renewals reach the service: hot (agents swap files) or redeploy (ECS forceNewDeployment)',
      DEFAULT_ROTATION,
    )
    .option('--kms-key-id <id>', 'KMS key for the secret (default: aws/secretsmanager)')
    .option('--json', 'print the result as JSON: {identity, secretArn, versionId, certificateArn?, serial, notAfter}');
}

function printResult(io: CliIo, result: ExportResult, json: boolean | undefined): void {
  if (json) {
    const { identity, secretArn, versionId, certificateArn, serial, notAfter } = result;
    io.out(
      JSON.stringify({
        identity,
        secretArn,
        versionId,
        ...(certificateArn ? { certificateArn } : {}),
        serial,
        notAfter,
      }),
    );
    return;
  }
  io.out(`${result.created ? 'exported' : 'already exported (no new version)'}: identity ${result.identity}`);
  io.out(`  secret       ${result.secretArn}`);
  io.out(`  version      ${result.versionId}`);
  if (result.certificateArn) io.out(`  certificate  ${result.certificateArn}`);
  io.out(`  serial       ${result.serial}`);
  io.out(`  not after    ${result.notAfter}`);
}

type CommandOptions = BindingOptions & Record<string, string | string[] | undefined>;

/** `pca-mtls issue` and `pca-mtls export`: both end in one identity secret, printed the same way. */
export function registerIssueCommands(
  program: Command,
  io: CliIo,
  context: () => AwsContext = awsContextFromEnvironment,
): void {
  registerIssue(program, io, context);
  registerExport(program, io, context);
}

function registerIssue(program: Command, io: CliIo, context: () => AwsContext): void {
  addBindingOptions(
    program
      .command('issue')
      .description(
        'issue a private certificate for an identity (through ACM, or straight from Private CA) and store it in Secrets Manager',
      )
      .requiredOption('--identity <name>', 'identity name, e.g. colorteller')
      .option(
        '--source <source>',
        'acm (ACM requests and renews it) or pca (key generated here, issued by Private CA)',
        DEFAULT_SOURCE,
      )
      .requiredOption('--ca-arn <arn>', 'the Private CA that issues the certificate')
      .requiredOption('--domain <dns>', 'the DNS name (CN and first SAN)')
      .option('--san <dns>', 'another DNS subject alternative name (repeatable)', collect, [])
      .option('--key-algorithm <algorithm>', 'EC_prime256v1, EC_secp384r1 or RSA_2048', DEFAULT_KEY_ALGORITHM)
      .option('--role <role>', 'client, server or both: the EKUs the certificate must carry', DEFAULT_CERTIFICATE_ROLE)
      .option('--validity-days <days>', 'pca only: validity (default 7 on a short-lived CA, 30 otherwise)'),
  ).action(async (options: CommandOptions) => {
    const request = parseExportRequest({
      identity: options.identity,
      source: options.source,
      caArn: options.caArn,
      domain: options.domain,
      sans: options.san,
      keyAlgorithm: options.keyAlgorithm,
      role: options.role,
      validityDays: options.validityDays,
      secretId: options.secretId,
      ecsServices: options.ecsService,
      rotation: options.rotation,
      kmsKeyId: options.kmsKeyId,
    });
    printResult(io, await exportIdentity(context(), request), options.json);
  });
}

function registerExport(program: Command, io: CliIo, context: () => AwsContext): void {
  addBindingOptions(
    program
      .command('export')
      .description('export an existing ACM private certificate for an identity into Secrets Manager')
      .requiredOption('--identity <name>', 'identity name, e.g. colorteller')
      .requiredOption('--certificate-arn <arn>', 'the ACM certificate to export')
      .option('--role <role>', 'client, server or both: the EKUs the certificate must carry', DEFAULT_CERTIFICATE_ROLE),
  ).action(async (options: CommandOptions) => {
    const request = parseExportRequest({
      identity: options.identity,
      source: 'acm',
      certificateArn: options.certificateArn,
      role: options.role,
      secretId: options.secretId,
      ecsServices: options.ecsService,
      rotation: options.rotation,
      kmsKeyId: options.kmsKeyId,
    });
    printResult(io, await exportIdentity(context(), request), options.json);
  });
}
