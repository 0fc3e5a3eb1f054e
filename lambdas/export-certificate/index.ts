// The Lambda entry point. Clients and logger are built once per container (at
// module scope, lazily per client) and reused across invocations.
import { createAwsClients } from '../../lib/aws/clients.js';
import { createLogger } from '../../lib/logger.js';
import { createExportHandler } from './handler.js';

export const handler = createExportHandler({
  clients: createAwsClients(),
  logger: createLogger({ name: 'pca-mtls-export' }),
});
