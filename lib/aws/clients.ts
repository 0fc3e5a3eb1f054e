import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig, type AwsClientOptions } from './client-config.js';

/** The AWS clients pca-mtls uses, built on first use with one shared configuration. */
export interface AwsClients {
  readonly acm: ACMClient;
  readonly pca: ACMPCAClient;
  readonly secrets: SecretsManagerClient;
  readonly ecs: ECSClient;
  readonly events: EventBridgeClient;
}

/**
 * Builds clients lazily, so a Lambda or the agent pays only for the clients it
 * touches. Build once at module scope and pass it in (tests inject their own).
 */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const config = awsClientConfig(options);
  const cache = new Map<string, unknown>();
  const lazy = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return {
    get acm() {
      return lazy('acm', () => new ACMClient(config));
    },
    get pca() {
      return lazy('pca', () => new ACMPCAClient(config));
    },
    get secrets() {
      return lazy('secrets', () => new SecretsManagerClient(config));
    },
    get ecs() {
      return lazy('ecs', () => new ECSClient(config));
    },
    get events() {
      return lazy('events', () => new EventBridgeClient(config));
    },
  };
}
