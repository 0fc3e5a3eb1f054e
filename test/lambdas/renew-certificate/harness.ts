/**
 * End-to-end renewal through aws-local in one process: the project's rules
 * installed through the EventBridge API, the renew handler registered as
 * `pca-mtls-renew` (built with createRenewHandler, its SDK clients speaking
 * HTTP to aws-local), identities exported with the real export service, and
 * ECS services bound to them.
 */
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import type { Test } from 'tap';
import {
  ruleInstallInputs,
  RENEW_FUNCTION_NAME,
  RENEW_FUNCTION_TIMEOUT_MS,
} from '../../../infra/rules/renewal-rules.ts';
import { createRenewHandler } from '../../../lambdas/renew-certificate/handler.ts';
import { createAwsClients, type AwsClients } from '../../../lib/aws/clients.ts';
import { exportIdentity, type ExportResult } from '../../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../../lib/identity/export-request.ts';
import { createRootCa, type RootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { parseRenewalOptions } from '../../../lib/renewal/renewal-options.ts';
import { parseIdentitySecret } from '../../../lib/secret-schema/identity-secret.ts';
import { normalizeSerial } from '../../../lib/serial.ts';
import type { AwsLocalOptions } from '../../../services/aws-local/app.ts';
import type { EcsState } from '../../../services/aws-local/ecs/state.ts';
import {
  FAST_TIMINGS,
  startTestAwsLocal,
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestAwsLocal,
} from '../../helpers/aws-local.ts';
import { controls } from '../../services/aws-local/scheduler/helpers.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';

export const DAY_MS = 86_400_000;
export const ACCOUNT = '000000000000';
export const EVENT_RULE = 'pca-mtls-acm-events';
export const SWEEP_RULE = 'pca-mtls-reconcile-sweep';

export { capturingLogger };

export interface HarnessOptions extends AwsLocalOptions {
  /** SDK attempts per call for the renew function's clients (lib default 4). */
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
}

export async function renewalHarness(t: Test, options: HarnessOptions = {}) {
  const { maxAttempts, retryMode, ...localOptions } = options;
  const local = await startTestAwsLocal(t, {
    timings: FAST_TIMINGS,
    tickIntervalMs: 0,
    delivery: { initialBackoffMs: 20, maxAttempts: 3 },
    // AWS's default request-rate quotas: the renewal flow is tested as it meets AWS.
    defaultQuotas: true,
    ...localOptions,
  });
  const clientOptions = { endpoint: local.url, region: TEST_REGION, credentials: TEST_CREDENTIALS };
  // The test's own clients: one attempt, so setup never hides an injected fault.
  const clients = createAwsClients({ ...clientOptions, maxAttempts: 1 });
  const functionClients = createAwsClients({ ...clientOptions, maxAttempts, retryMode });
  const now = () => local.app.awsLocal.env.clock.now();
  const { lines, logger } = capturingLogger();
  const handler = createRenewHandler({
    clients: functionClients,
    logger,
    now,
    options: parseRenewalOptions({ renewWaitMs: 20_000 }),
  });
  local.app.awsLocal.lambdas.register(RENEW_FUNCTION_NAME, handler, { timeoutMs: RENEW_FUNCTION_TIMEOUT_MS });
  for (const input of ruleInstallInputs(TEST_REGION, ACCOUNT)) {
    await clients.events.send(new PutRuleCommand(input.putRule));
    await clients.events.send(new PutTargetsCommand(input.putTargets));
  }
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }));
  await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'app',
      containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }],
    }),
  );
  return {
    local,
    clients,
    functionClients,
    handler,
    logs: lines,
    now,
    ...controls(local),
    ...helpers(local, clients, now),
  };
}

type Rotation = 'hot' | 'redeploy';

/** The role each source's identities get here: ACM certificates serve both ways, Private CA ones are clients. */
const ROLE_OF_SOURCE = { acm: 'both', pca: 'client' } as const;

function helpers(local: TestAwsLocal, clients: AwsClients, now: () => Date) {
  const exportDeps = { clients, logger: capturingLogger('silent').logger, now };
  /** Exports `identity` (`<identity>.mesh.local`) from `ca` through the real export service. */
  const exportFrom = (
    source: keyof typeof ROLE_OF_SOURCE,
    identity: string,
    ca: RootCa,
    rotation: Rotation,
    services: string[],
  ): Promise<ExportResult> =>
    exportIdentity(
      exportDeps,
      parseExportRequest({
        identity,
        source,
        caArn: ca.caArn,
        domain: `${identity}.mesh.local`,
        role: ROLE_OF_SOURCE[source],
        ecsServices: services,
        rotation,
      }),
    );
  return {
    createService: (name: string) =>
      clients.ecs.send(
        new CreateServiceCommand({ cluster: 'mesh', serviceName: name, taskDefinition: 'app', desiredCount: 1 }),
      ),
    rootCa: (commonName: string, usageMode?: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE'): Promise<RootCa> =>
      createRootCa(clients.pca, { commonName, usageMode }),
    exportAcm: (identity: string, ca: RootCa, rotation: Rotation, services: string[] = []) =>
      exportFrom('acm', identity, ca, rotation, services),
    exportPca: (identity: string, ca: RootCa, rotation: Rotation, services: string[] = []) =>
      exportFrom('pca', identity, ca, rotation, services),
    acmSerial: async (certificateArn: string) =>
      normalizeSerial(
        (await clients.acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn }))).Certificate!
          .Serial!,
      ),
    notAfterOf: async (certificateArn: string) =>
      (
        await clients.acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn }))
      ).Certificate!.NotAfter!.getTime(),
    currentSecret: async (identity: string) => {
      const out = await clients.secrets.send(new GetSecretValueCommand({ SecretId: `pca-mtls/${identity}` }));
      return { versionId: out.VersionId!, secret: parseIdentitySecret(out.SecretString!, identity) };
    },
    versions: async (identity: string) =>
      (
        await clients.secrets.send(
          new ListSecretVersionIdsCommand({ SecretId: `pca-mtls/${identity}`, IncludeDeprecated: true }),
        )
      ).Versions!,
    /** Every deployment the service ever had (ECS state, not only the ones DescribeServices still shows). */
    deploymentsOf: (service: string) =>
      local.app.awsLocal.env.stateOf<EcsState>('ecs', TEST_REGION).services.mesh?.[service]?.deployments ?? [],
    requests: async (operation: string) =>
      (await local.control('GET', `requests?operation=${operation}`)).body.requests as {
        status: number;
        errorType?: string;
        service: string;
      }[],
  };
}

/** Fails the test if any captured log line carries key material, a passphrase or secret JSON. */
export function assertNoSecretsLogged(t: Test, logs: string[], secrets: { passphrase: string; privateKey: string }[]) {
  const all = logs.join('\n');
  for (const secret of secrets) {
    t.notOk(all.includes(secret.passphrase), 'no passphrase in the logs');
    const keyLines = secret.privateKey.split('\n').filter((line) => line.length > 20);
    t.notOk(
      keyLines.some((line) => all.includes(line)),
      'no private key line in the logs',
    );
  }
  t.notMatch(
    all,
    /"schema":"pca-mtls\/v1"|BEGIN ENCRYPTED PRIVATE KEY|BEGIN PRIVATE KEY/,
    'no secret JSON or key in the logs',
  );
}
