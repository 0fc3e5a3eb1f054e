import type { KeyAlgorithm } from '../../lib/private-ca/signing-algorithm.js';

/** The demo's two identities: the gateway calls the teller, each has its own root CA. */
export interface DemoIdentity {
  identity: string;
  role: 'client' | 'server';
  domain: string;
  caCommonName: string;
  keyAlgorithm: KeyAlgorithm;
}

export const COLOR_APP_IDENTITIES: readonly DemoIdentity[] = [
  {
    identity: 'colorgateway',
    role: 'client',
    domain: 'colorgateway.mesh.local',
    caCommonName: 'colorgateway',
    keyAlgorithm: 'EC_prime256v1',
  },
  {
    identity: 'colorteller',
    role: 'server',
    domain: 'colorteller.mesh.local',
    caCommonName: 'colorteller',
    keyAlgorithm: 'EC_prime256v1',
  },
];
