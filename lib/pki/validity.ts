import { certificateRef, describeCertificate, type ParsedCertificate } from './certificate.ts';
import { PkiError } from './errors.ts';

/** Clock skew tolerated between this host and the CA, both ways. */
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Rejects a certificate outside its validity period at `now`, allowing
 * `skewMs` either way (peers' clocks differ; Private CA backdates notBefore
 * too, but ACM does not).
 *
 * @example checkValidity(leaf, new Date())
 * @throws PkiError NOT_YET_VALID, EXPIRED
 */
export function checkValidity(cert: ParsedCertificate, now: Date, skewMs: number = DEFAULT_CLOCK_SKEW_MS): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new TypeError('checkValidity needs a valid Date for now');
  if (!Number.isFinite(skewMs) || skewMs < 0)
    throw new TypeError(`checkValidity skewMs must be a non-negative number of milliseconds, got ${skewMs}`);
  const skew = `allowing ${Math.round(skewMs / 1000)}s clock skew`;
  const ref = { certificate: certificateRef(cert) };
  if (now.getTime() + skewMs < cert.notBefore.getTime()) {
    throw new PkiError(
      'NOT_YET_VALID',
      `${describeCertificate(cert)}: not valid before ${iso(cert.notBefore)} (now ${iso(now)}, ${skew}); check this host's clock or wait until then`,
      ref,
    );
  }
  if (now.getTime() - skewMs > cert.notAfter.getTime()) {
    const action = cert.isCa
      ? 'renew the CA certificate and update the certificate chain and trust bundle'
      : 'renew it (pca-mtls renews on `ACM Certificate Available` or the reconcile sweep; check that the renewal ran)';
    throw new PkiError(
      'EXPIRED',
      `${describeCertificate(cert)}: expired at ${iso(cert.notAfter)} (now ${iso(now)}, ${skew}); ${action}`,
      ref,
    );
  }
}

function iso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
