import { createAwsClients, type AwsClients } from '../lib/aws/clients.ts';
import { createLogger, type Logger } from '../lib/logger.ts';

/** What commands that call AWS share: clients from the standard environment, a stderr logger. */
export interface AwsContext {
  clients: AwsClients;
  logger: Logger;
}

/** The CLI logs JSON to stderr at `warn` unless LOG_LEVEL asks for more: stdout is for results. */
export function awsContextFromEnvironment(): AwsContext {
  return {
    clients: createAwsClients({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION }),
    logger: createLogger({ name: 'pca-mtls', level: process.env.LOG_LEVEL ?? 'warn' }),
  };
}
