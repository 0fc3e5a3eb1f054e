import type { Logger } from '../logger.ts';
import type { ExportRequest } from './export-request.ts';
import type { ExportClients } from './export-types.ts';
import type { ExportedMaterial } from './exported-material.ts';
import { issueFromPrivateCa } from './private-ca-certificate.ts';
import { randomPassphrase } from './random-passphrase.ts';
import { describeUsableCa } from './usable-ca.ts';

/**
 * The `pca` source: a key generated here and a certificate issued straight by
 * Private CA (works with short-lived CAs, which ACM cannot issue from). Every
 * issue is a new certificate, so there is never an earlier export to reuse.
 */
export async function issueFromPcaSource(
  clients: ExportClients,
  request: ExportRequest,
  log: Logger,
): Promise<ExportedMaterial> {
  const ca = await describeUsableCa(clients.pca, request.caArn!, {
    viaAcm: false,
    keyAlgorithm: request.keyAlgorithm,
  });
  const passphrase = randomPassphrase();
  log.debug({ caArn: ca.caArn, usageMode: ca.usageMode }, 'issuing from Private CA');
  return issueFromPrivateCa(clients.pca, request, ca, passphrase);
}
