import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig, type AwsClientOptions } from './client-config.ts';
import { lazyClients } from './lazy-clients.ts';

/** The AWS clients pca-mtls uses. Services ask for the subset they need (`Pick<AwsClients, …>`). */
export interface AwsClients {
  readonly acm: ACMClient;
  readonly pca: ACMPCAClient;
  readonly secrets: SecretsManagerClient;
  readonly ecs: ECSClient;
  readonly events: EventBridgeClient;
}

/**
 * All five clients, each built on first use with one shared configuration.
 * For the CLI and tests; a Lambda builds only its own subset so its bundle
 * carries no unused client.
 */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const config = awsClientConfig(options);
  return lazyClients<AwsClients>({
    acm: () => new ACMClient(config),
    pca: () => new ACMPCAClient(config),
    secrets: () => new SecretsManagerClient(config),
    ecs: () => new ECSClient(config),
    events: () => new EventBridgeClient(config),
  });
}
