// The Lambda entry point. Clients and logger are built once per container, at
// module scope (each client on first use), and reused across invocations.
// Adaptive retries: a sweep renews many identities at once under ACM's
// ExportCertificate quota (5/s), and client-side rate limiting backs off
// together instead of exhausting every call's attempts.
import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '../../lib/aws/client-config.js';
import { lazyClients } from '../../lib/aws/lazy-clients.js';
import { createLogger } from '../../lib/logger.js';
import type { RenewalClients } from '../../lib/renewal/renew-identity.js';
import { renewalOptionsFromEnv } from '../../lib/renewal/renewal-options.js';
import { createRenewHandler } from './handler.js';

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
