// The Lambda entry point. Clients and logger are built once per container, at
// module scope (each client on first use), and reused across invocations.
// Adaptive retries: a sweep renews many identities at once under ACM's
// ExportCertificate quota (5/s), and client-side rate limiting backs off
// together instead of exhausting every call's attempts.
import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '../../lib/aws/client-config.ts';
import { lazyClients } from '../../lib/aws/lazy-clients.ts';
import { createLogger } from '../../lib/logger.ts';
import type { RenewalClients } from '../../lib/renewal/renew-identity.ts';
import { renewalOptionsFromEnv } from '../../lib/renewal/renewal-options.ts';
import { createRenewHandler } from './handler.ts';

const config = awsClientConfig({ retryMode: 'adaptive' });

/** Exported so an init benchmark can build them as the first invocation would. */
export const clients = lazyClients<RenewalClients>({
  acm: () => new ACMClient(config),
  pca: () => new ACMPCAClient(config),
  secrets: () => new SecretsManagerClient(config),
  ecs: () => new ECSClient(config),
});

export const handler = createRenewHandler({
  clients,
  logger: createLogger({ name: 'pca-mtls-renew' }),
  options: renewalOptionsFromEnv(),
});
