// The Lambda entry point. Clients and logger are built once per container, at
// module scope (each client on first use), and reused across invocations.
import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '../../lib/aws/client-config.js';
import { lazyClients } from '../../lib/aws/lazy-clients.js';
import type { ExportClients } from '../../lib/identity/export-identity.js';
import { createLogger } from '../../lib/logger.js';
import { createExportHandler } from './handler.js';

const config = awsClientConfig();

/** Exported so the init benchmark can build them as the first invocation would. */
export const clients = lazyClients<ExportClients>({
  acm: () => new ACMClient(config),
  pca: () => new ACMPCAClient(config),
  secrets: () => new SecretsManagerClient(config),
});

export const handler = createExportHandler({ clients, logger: createLogger({ name: 'pca-mtls-export' }) });
