// The Lambda entry point. Clients and logger are built once per container, at
// module scope (each client on first use), and reused across invocations.
import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '../../lib/aws/client-config.ts';
import { lazyClients } from '../../lib/aws/lazy-clients.ts';
import type { ExportClients } from '../../lib/identity/export-identity.ts';
import { createLogger } from '../../lib/logger.ts';
import { createExportHandler } from './handler.ts';

const config = awsClientConfig();

/** Exported so the init benchmark can build them as the first invocation would. */
export const clients = lazyClients<ExportClients>({
  acm: () => new ACMClient(config),
  pca: () => new ACMPCAClient(config),
  secrets: () => new SecretsManagerClient(config),
});

export const handler = createExportHandler({ clients, logger: createLogger({ name: 'pca-mtls-export' }) });
