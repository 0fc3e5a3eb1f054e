/**
 * Wires the project's Lambdas into a running aws-local as the CDK stack
 * wires them into AWS (infra/pca-mtls-stack.ts): the export and renew
 * handlers registered in-process as `pca-mtls-export` and `pca-mtls-renew`
 * (their SDK clients speaking HTTP to aws-local, deciding by aws-local's
 * clock), ACM's events rule → the renewal queue → an event source mapping →
 * the renew function, and the hourly sweep rule invoking it directly.
 * `pca-mtls local` does this unless --bare; the `npm start` walkthrough too.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  EXPORT_FUNCTION_NAME,
  lambdaArn,
  RENEW_FUNCTION_NAME,
  RENEW_FUNCTION_TIMEOUT_MS,
  ruleInstallInputs,
} from '../../infra/rules/renewal-rules.ts';
import { createExportHandler } from '../../lambdas/export-certificate/handler.ts';
import { awsClientConfig } from '../../lib/aws/client-config.ts';
import { createAwsClients } from '../../lib/aws/clients.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import type { RenewalSummary } from '../../lib/renewal/renewal-summary.ts';
import { ACCOUNT_ID } from '../../services/aws-local/app.ts';
import type { RunningAwsLocal } from '../../services/aws-local/server.ts';
import { DEFAULT_LOCAL_REGION, FUNCTION_ACCESS_KEYS } from './local-names.ts';
import { installRenewalQueue, type InstalledRenewalQueue } from './renewal-queue.ts';
import { renewFunction } from './renew-function.ts';

const credentialsFor = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'pca-mtls-local-functions' });

export interface ProjectFunctions {
  /** ARNs the handlers answer for (they are registered by name, so any region of the account reaches them). */
  exportFunctionArn: string;
  renewFunctionArn: string;
  /** The rules installed from infra/rules, in `region`. */
  rules: string[];
  /** Where ACM's events rule delivers, and the mapping that feeds the renew function from it. */
  renewalQueue: InstalledRenewalQueue;
  /** The renew function's latest summaries (a queued event's is not in aws-local's event log). */
  renewSummaries(): readonly RenewalSummary[];
}

export async function installProjectFunctions(
  running: RunningAwsLocal,
  options: { region?: string; logger?: Logger } = {},
): Promise<ProjectFunctions> {
  const region = options.region ?? DEFAULT_LOCAL_REGION;
  const connection = (accessKeyId: string) => ({
    endpoint: running.url,
    region,
    credentials: credentialsFor(accessKeyId),
    retryMode: 'adaptive' as const,
  });
  const { lambdas, env, eventSourceMappings } = running.app.awsLocal;
  const now = () => env.clock.now();
  const exportHandler = createExportHandler({
    clients: createAwsClients(connection(FUNCTION_ACCESS_KEYS.export)),
    logger: options.logger ?? createLogger({ name: EXPORT_FUNCTION_NAME }),
    now,
  });
  lambdas.register(EXPORT_FUNCTION_NAME, exportHandler);
  const renew = renewFunction({
    clients: createAwsClients(connection(FUNCTION_ACCESS_KEYS.renew)),
    logger: options.logger ?? createLogger({ name: RENEW_FUNCTION_NAME }),
    now,
  });
  // The deployed timeout: the sweep plans its work against the remaining time.
  lambdas.register(RENEW_FUNCTION_NAME, renew.handler, { timeoutMs: RENEW_FUNCTION_TIMEOUT_MS });

  const deploy = connection(FUNCTION_ACCESS_KEYS.deploy);
  const renewFunctionArn = lambdaArn(region, ACCOUNT_ID, RENEW_FUNCTION_NAME);
  const sqs = new SQSClient(awsClientConfig(deploy));
  const renewalQueue = await installRenewalQueue(sqs, eventSourceMappings, renewFunctionArn).finally(() =>
    sqs.destroy(),
  );
  const events = createAwsClients(deploy).events;
  const rules: string[] = [];
  for (const { putRule, putTargets } of ruleInstallInputs(region, ACCOUNT_ID, undefined, {
    eventQueueArn: renewalQueue.queueArn,
  })) {
    await events.send(new PutRuleCommand(putRule));
    await events.send(new PutTargetsCommand(putTargets));
    rules.push(putRule.Name);
  }
  return {
    exportFunctionArn: lambdaArn(region, ACCOUNT_ID, EXPORT_FUNCTION_NAME),
    renewFunctionArn,
    rules,
    renewalQueue,
    renewSummaries: renew.summaries,
  };
}
