import type { KeyAlgorithm } from '../../lib/private-ca/signing-algorithm.ts';

/** The demo's ECS cluster; the gateway's service is bound to its identity in `redeploy` mode. */
export const DEMO_CLUSTER = 'color-mesh';

/** The demo's two identities: the gateway calls the teller, each has its own root CA. */
export interface DemoIdentity {
  identity: string;
  role: 'client' | 'server';
  domain: string;
  caCommonName: string;
  keyAlgorithm: KeyAlgorithm;
  /** hot: the agent swaps files, no restart; redeploy: ECS forceNewDeployment of `ecsService`. */
  rotation: 'hot' | 'redeploy';
  ecsService?: string;
}

export const GATEWAY: DemoIdentity = {
  identity: 'colorgateway',
  role: 'client',
  domain: 'colorgateway.mesh.local',
  caCommonName: 'colorgateway',
  keyAlgorithm: 'EC_prime256v1',
  rotation: 'redeploy',
  ecsService: `${DEMO_CLUSTER}/colorgateway`,
};

export const TELLER: DemoIdentity = {
  identity: 'colorteller',
  role: 'server',
  domain: 'colorteller.mesh.local',
  caCommonName: 'colorteller',
  keyAlgorithm: 'EC_prime256v1',
  rotation: 'hot',
};

export const COLOR_APP_IDENTITIES: readonly DemoIdentity[] = [GATEWAY, TELLER];
