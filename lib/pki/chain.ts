import { certificateRef, describeCertificate, isSelfSigned, type ParsedCertificate } from './certificate.ts';
import { PkiError } from './errors.ts';

/** The most certificates allowed above the leaf (intermediates plus the anchor). */
export const MAX_CHAIN_DEPTH = 8;
/** Distinct certificates (by DER) taken from the chain: ACM sends one to three; dozens are a mistake or an attack. */
export const MAX_CHAIN_CERTIFICATES = 16;
/** Distinct trust-bundle certificates: a bundle holds a few CAs (a few more during a CA rotation). */
export const MAX_TRUST_ANCHORS = 64;
/**
 * Signature verifications one build may do. A real chain needs one per level;
 * the cap keeps a pool of lookalike CAs from costing more than a few
 * milliseconds of CPU.
 */
export const MAX_SIGNATURE_CHECKS = 64;
/** Certificates one build may step onto, over every path it tries (a real chain: one per level). */
export const MAX_PATH_STEPS = 256;

/** Overrides of the work caps, for tests that prove each cap answers CHAIN_TOO_COMPLEX. */
export interface ChainLimits {
  maxPathSteps?: number;
  maxSignatureChecks?: number;
}

interface Candidate {
  cert: ParsedCertificate;
  anchor: boolean;
}

/**
 * Builds and verifies the path leaf → … → trust anchor, the way a TLS peer
 * does: `intermediates` may be unordered and hold extra certificates (TLS 1.3
 * allows both); each step needs a matching issuer name, a signature that
 * verifies with the issuer's key, and an issuer that is a CA allowed to sign
 * certificates within its pathLenConstraint. Certificates sharing a name (a
 * rotated CA) are all tried. A certificate that is itself a trust anchor
 * (same DER) ends the path, so pinning an intermediate works.
 *
 * The work is bounded whatever the input (the material comes from a secret
 * anyone with write access can change, and this runs on the agent's event
 * loop): duplicates (same DER) count once, at most MAX_CHAIN_CERTIFICATES and
 * MAX_TRUST_ANCHORS are accepted, a path never holds two certificates with the
 * same name and key (RFC 4158 §5.2: that is a loop, however many re-issues of
 * the CA there are), and the search stops after MAX_PATH_STEPS steps or
 * MAX_SIGNATURE_CHECKS signature checks with CHAIN_TOO_COMPLEX.
 *
 * Validity periods are not checked here (see `checkValidity`).
 *
 * @returns the path, leaf first, anchor last (just `[leaf]` when the leaf is an anchor)
 * @example
 * const path = buildChain(leaf, parseCertificates(secret.certificateChain), parseCertificates(trustBundle));
 * @throws PkiError TRUST_EMPTY, CHAIN_INCOMPLETE, CHAIN_UNTRUSTED, CHAIN_SIGNATURE,
 *   CHAIN_ISSUER_NOT_CA, CHAIN_PATH_LENGTH, CHAIN_TOO_LONG, CHAIN_TOO_COMPLEX — when
 *   several paths fail, the failure that got furthest from the leaf
 */
export function buildChain(
  leaf: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  trustAnchors: readonly ParsedCertificate[],
  limits: ChainLimits = {},
): ParsedCertificate[] {
  if (trustAnchors.length === 0) {
    throw new PkiError(
      'TRUST_EMPTY',
      `no trust anchors to verify ${describeCertificate(leaf)} against; the trust bundle holds no CA certificate`,
    );
  }
  const anchors = distinct(trustAnchors, new Set());
  const anchorPrints = new Set(anchors.map((cert) => cert.fingerprint256));
  const chain = distinct(intermediates, anchorPrints);
  if (chain.length > MAX_CHAIN_CERTIFICATES) {
    throw tooComplex(
      leaf,
      `the chain holds ${chain.length} distinct certificates, more than ${MAX_CHAIN_CERTIFICATES}`,
    );
  }
  if (anchors.length > MAX_TRUST_ANCHORS) {
    throw tooComplex(
      leaf,
      `the trust bundle holds ${anchors.length} distinct certificates, more than ${MAX_TRUST_ANCHORS}`,
    );
  }
  const candidates: Candidate[] = [
    ...anchors.map((cert) => ({ cert, anchor: true })),
    ...chain.map((cert) => ({ cert, anchor: false })),
  ];
  return new PathSearch(leaf, candidates, anchorPrints, limits).run();
}

/** The certificates whose DER is not in `seen` yet, first occurrence kept, in order. */
function distinct(certs: readonly ParsedCertificate[], seen: Set<string>): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  const local = new Set(seen);
  for (const cert of certs) {
    if (local.has(cert.fingerprint256)) continue;
    local.add(cert.fingerprint256);
    out.push(cert);
  }
  return out;
}

function tooComplex(leaf: ParsedCertificate, why: string): PkiError {
  return new PkiError(
    'CHAIN_TOO_COMPLEX',
    `refusing to build the chain of ${describeCertificate(leaf)}: ${why}; a chain holds the issuing CAs once each — re-export the identity or trim the trust bundle`,
    { certificate: certificateRef(leaf) },
  );
}

/** One depth-first search for a path, with its memo, its counters and the furthest failure. */
class PathSearch {
  private readonly signatures = new Map<string, boolean>();
  private readonly keys = new Map<ParsedCertificate, Buffer>();
  private readonly maxSteps: number;
  private readonly maxChecks: number;
  private steps = 0;
  private checks = 0;
  private best: { depth: number; error: PkiError } | undefined;

  constructor(
    private readonly leaf: ParsedCertificate,
    private readonly candidates: readonly Candidate[],
    private readonly anchorPrints: ReadonlySet<string>,
    limits: ChainLimits,
  ) {
    this.maxSteps = limits.maxPathSteps ?? MAX_PATH_STEPS;
    this.maxChecks = limits.maxSignatureChecks ?? MAX_SIGNATURE_CHECKS;
  }

  run(): ParsedCertificate[] {
    const path = this.walk([this.leaf]);
    if (path) return path;
    // walk only gives up after recording at least one failure.
    throw this.best!.error;
  }

  private walk(path: ParsedCertificate[]): ParsedCertificate[] | undefined {
    if (++this.steps > this.maxSteps) {
      throw tooComplex(this.leaf, `more than ${this.maxSteps} steps over candidate paths`);
    }
    const current = path.at(-1) ?? this.leaf;
    const depth = path.length - 1;
    if (this.anchorPrints.has(current.fingerprint256)) return path;
    if (depth >= MAX_CHAIN_DEPTH) return this.fail(depth, tooLong(this.leaf));
    const named = this.candidates.filter(
      ({ cert }) =>
        !path.some((onPath) => this.sameCa(onPath, cert)) &&
        (current.issuer === cert.subject || current.x509.checkIssued(cert.x509)),
    );
    if (named.length === 0) return this.fail(depth, deadEnd(current));
    const signed = named.filter(({ cert }) => this.signedBy(current, cert));
    if (signed.length === 0) return this.fail(depth, wrongSignature(current, named));
    for (const { cert: issuer, anchor } of signed) {
      const problem = issuerProblem(issuer, current, path);
      if (problem) {
        this.fail(depth, problem);
        continue;
      }
      const next = [...path, issuer];
      if (anchor) return next;
      const found = this.walk(next);
      if (found) return found;
    }
    return undefined;
  }

  private fail(depth: number, error: PkiError): undefined {
    if (!this.best || depth > this.best.depth) this.best = { depth, error };
    return undefined;
  }

  /** Same DER, or the same name and key: a second one on a path is a loop. */
  private sameCa(a: ParsedCertificate, b: ParsedCertificate): boolean {
    if (a.fingerprint256 === b.fingerprint256) return true;
    return a.subject === b.subject && this.spki(a).equals(this.spki(b));
  }

  private spki(cert: ParsedCertificate): Buffer {
    let der = this.keys.get(cert);
    if (!der) {
      der = cert.x509.publicKey.export({ type: 'spki', format: 'der' });
      this.keys.set(cert, der);
    }
    return der;
  }

  private signedBy(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
    const memo = `${child.fingerprint256}/${issuer.fingerprint256}`;
    let ok = this.signatures.get(memo);
    if (ok === undefined) {
      if (++this.checks > this.maxChecks) {
        throw tooComplex(this.leaf, `more than ${this.maxChecks} signature checks over candidate issuers`);
      }
      try {
        ok = child.x509.verify(issuer.x509.publicKey);
      } catch {
        ok = false;
      }
      this.signatures.set(memo, ok);
    }
    return ok;
  }
}

function tooLong(leaf: ParsedCertificate): PkiError {
  return new PkiError(
    'CHAIN_TOO_LONG',
    `the chain above ${describeCertificate(leaf)} is longer than ${MAX_CHAIN_DEPTH} certificates without reaching a trust anchor`,
    { certificate: certificateRef(leaf) },
  );
}

/** No candidate carries the issuer's name (or every one is already on the path). */
function deadEnd(current: ParsedCertificate): PkiError {
  if (isSelfSigned(current)) {
    return new PkiError(
      'CHAIN_UNTRUSTED',
      `the chain ends at the self-signed root ${describeCertificate(current)}, which is not in the trust bundle; add that CA to the trust bundle or issue from a trusted CA`,
      { certificate: certificateRef(current) },
    );
  }
  return new PkiError(
    'CHAIN_INCOMPLETE',
    `the chain is incomplete: no certificate for issuer "${current.issuer}" of ${describeCertificate(current)} in the chain or trust bundle; the certificate chain must include every intermediate CA`,
    { certificate: certificateRef(current) },
  );
}

function wrongSignature(current: ParsedCertificate, named: readonly Candidate[]): PkiError {
  const others = named.map(({ cert }) => cert.serial).join(', ');
  return new PkiError(
    'CHAIN_SIGNATURE',
    `the signature of ${describeCertificate(current)} does not verify with the key of any CA named "${current.issuer}" (serial ${others}); a different CA with the same name signed it — the chain or trust bundle holds the wrong CA certificate (e.g. from before a CA rotation)`,
    { certificate: certificateRef(current) },
  );
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
