import { DEFAULT_TRUST_SECRET_ID } from '../vocabulary.ts';
import { addTrustedCa, removeTrustedCa, type TrustClients } from './trust-bundle.ts';

export interface TrustBundleSync {
  /** The trust secret; default `pca-mtls/trust`. */
  secretId?: string;
  /** The Private CAs the bundle must hold from now on. */
  caArns: readonly string[];
  /** The CAs a previous declaration asked for: those no longer in `caArns` leave the bundle. */
  previousCaArns?: readonly string[];
}

/**
 * Brings the trust bundle in step with a declared list of Private CAs (the
 * `Kind: TrustBundle` custom resource): each listed CA is added or refreshed,
 * each CA that an earlier declaration listed and this one does not is
 * removed. CAs added by other means (`pca-mtls trust add`) are kept.
 * Idempotent: a repeated call writes nothing.
 */
export async function syncTrustBundle(clients: TrustClients, sync: TrustBundleSync): Promise<void> {
  const secretId = sync.secretId ?? DEFAULT_TRUST_SECRET_ID;
  for (const arn of sync.caArns) await addTrustedCa(clients, arn, secretId);
  const dropped = (sync.previousCaArns ?? []).filter((arn) => !sync.caArns.includes(arn));
  for (const arn of dropped) await removeTrustedCa(clients, arn, secretId);
}

/** Removes each of `caArns` from the trust bundle, keeping every other CA. Idempotent. */
export async function removeTrustedCas(
  clients: TrustClients,
  caArns: readonly string[],
  secretId: string = DEFAULT_TRUST_SECRET_ID,
): Promise<void> {
  for (const arn of caArns) await removeTrustedCa(clients, arn, secretId);
}
