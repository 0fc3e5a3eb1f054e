import { certificateRef, describeCertificate, isSelfSigned, type ParsedCertificate } from './certificate.js';
import { PkiError } from './errors.js';

/** The most certificates allowed above the leaf (intermediates plus the anchor). */
export const MAX_CHAIN_DEPTH = 8;

/**
 * Builds and verifies the path leaf → … → trust anchor, the way a TLS peer
 * does: `intermediates` may be unordered and hold extra certificates (TLS 1.3
 * allows both); each step needs a matching issuer name, a signature that
 * verifies with the issuer's key, and an issuer that is a CA allowed to sign
 * certificates within its pathLenConstraint. Certificates sharing a name (a
 * rotated CA) are all tried. A certificate that is itself a trust anchor
 * (same DER) ends the path, so pinning an intermediate works.
 *
 * Validity periods are not checked here (see `checkValidity`).
 *
 * @returns the path, leaf first, anchor last (just `[leaf]` when the leaf is an anchor)
 * @example
 * const path = buildChain(leaf, parseCertificates(secret.certificateChain), parseCertificates(trustBundle));
 * @throws PkiError TRUST_EMPTY, CHAIN_INCOMPLETE, CHAIN_UNTRUSTED, CHAIN_SIGNATURE,
 *   CHAIN_ISSUER_NOT_CA, CHAIN_PATH_LENGTH, CHAIN_TOO_LONG — when several paths
 *   fail, the failure that got furthest from the leaf
 */
export function buildChain(
  leaf: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  trustAnchors: readonly ParsedCertificate[],
): ParsedCertificate[] {
  if (trustAnchors.length === 0) {
    throw new PkiError(
      'TRUST_EMPTY',
      `no trust anchors to verify ${describeCertificate(leaf)} against; the trust bundle holds no CA certificate`,
    );
  }
  const isAnchor = (cert: ParsedCertificate) => trustAnchors.some((anchor) => anchor.der.equals(cert.der));
  const candidates = [
    ...trustAnchors.map((cert) => ({ cert, anchor: true })),
    ...intermediates.filter((cert) => !isAnchor(cert)).map((cert) => ({ cert, anchor: false })),
  ];
  const signatures = new Map<string, boolean>();
  const signedBy = (child: ParsedCertificate, issuer: ParsedCertificate): boolean => {
    const memo = `${child.fingerprint256}/${issuer.fingerprint256}`;
    let ok = signatures.get(memo);
    if (ok === undefined) {
      try {
        ok = child.x509.verify(issuer.x509.publicKey);
      } catch {
        ok = false;
      }
      signatures.set(memo, ok);
    }
    return ok;
  };

  let best: { depth: number; error: PkiError } | undefined;
  const fail = (depth: number, error: PkiError): undefined => {
    if (!best || depth > best.depth) best = { depth, error };
    return undefined;
  };

  // `current` is the last certificate of `path`, passed along so it needs no lookup.
  const walk = (path: ParsedCertificate[], current: ParsedCertificate): ParsedCertificate[] | undefined => {
    const depth = path.length - 1;
    if (isAnchor(current)) return path;
    if (depth >= MAX_CHAIN_DEPTH) {
      return fail(
        depth,
        new PkiError(
          'CHAIN_TOO_LONG',
          `the chain above ${describeCertificate(leaf)} is longer than ${MAX_CHAIN_DEPTH} certificates without reaching a trust anchor`,
          { certificate: certificateRef(leaf) },
        ),
      );
    }
    const named = candidates.filter(
      ({ cert }) =>
        !path.some((p) => p.der.equals(cert.der)) &&
        (current.issuer === cert.subject || current.x509.checkIssued(cert.x509)),
    );
    if (named.length === 0) {
      if (isSelfSigned(current)) {
        return fail(
          depth,
          new PkiError(
            'CHAIN_UNTRUSTED',
            `the chain ends at the self-signed root ${describeCertificate(current)}, which is not in the trust bundle; add that CA to the trust bundle or issue from a trusted CA`,
            { certificate: certificateRef(current) },
          ),
        );
      }
      return fail(
        depth,
        new PkiError(
          'CHAIN_INCOMPLETE',
          `the chain is incomplete: no certificate for issuer "${current.issuer}" of ${describeCertificate(current)} in the chain or trust bundle; the certificate chain must include every intermediate CA`,
          { certificate: certificateRef(current) },
        ),
      );
    }
    const signed = named.filter(({ cert }) => signedBy(current, cert));
    if (signed.length === 0) {
      const others = named.map(({ cert }) => cert.serial).join(', ');
      return fail(
        depth,
        new PkiError(
          'CHAIN_SIGNATURE',
          `the signature of ${describeCertificate(current)} does not verify with the key of any CA named "${current.issuer}" (serial ${others}); a different CA with the same name signed it — the chain or trust bundle holds the wrong CA certificate (e.g. from before a CA rotation)`,
          { certificate: certificateRef(current) },
        ),
      );
    }
    for (const { cert: issuer, anchor } of signed) {
      const problem = issuerProblem(issuer, current, path);
      if (problem) {
        fail(depth, problem);
        continue;
      }
      const next = [...path, issuer];
      if (anchor) return next;
      const found = walk(next, issuer);
      if (found) return found;
    }
    return undefined;
  };

  const path = walk([leaf], leaf);
  if (path) return path;
  throw best!.error;
}

function issuerProblem(
  issuer: ParsedCertificate,
  child: ParsedCertificate,
  path: ParsedCertificate[],
): PkiError | undefined {
  const ref = { certificate: certificateRef(issuer) };
  if (!issuer.isCa) {
    return new PkiError(
      'CHAIN_ISSUER_NOT_CA',
      `${describeCertificate(child)} is signed by ${describeCertificate(issuer)}, which is not a CA (basicConstraints cA is not set)`,
      ref,
    );
  }
  if (issuer.keyUsage && !issuer.keyUsage.includes('keyCertSign')) {
    return new PkiError(
      'CHAIN_ISSUER_NOT_CA',
      `${describeCertificate(child)} is signed by ${describeCertificate(issuer)}, whose key usage does not allow signing certificates (no keyCertSign)`,
      ref,
    );
  }
  // Intermediate CAs between this issuer and the leaf (RFC 5280 §4.2.1.9).
  const below = path.length - 1;
  if (issuer.pathLenConstraint !== undefined && below > issuer.pathLenConstraint) {
    return new PkiError(
      'CHAIN_PATH_LENGTH',
      `${describeCertificate(issuer)} allows ${issuer.pathLenConstraint} intermediate CA(s) below it (pathLenConstraint) but the chain has ${below}`,
      ref,
    );
  }
  return undefined;
}
