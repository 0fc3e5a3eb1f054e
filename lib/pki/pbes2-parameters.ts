import { AsnIntegerBigIntConverter, AsnParser, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { PkiError } from './errors.ts';

/**
 * The most PBKDF2 iterations an encrypted key may ask for. ACM exports with
 * 2048 and Node/OpenSSL 3 with 2048; a million already costs about a second of
 * CPU, and the count comes from the key itself, so whoever can write the
 * secret could otherwise make every agent spend half an hour in
 * `createPrivateKey` (2^31 − 1 iterations).
 */
export const MAX_PBKDF2_ITERATIONS = 1_000_000;

/** PKCS#5 object identifiers (RFC 8018 appendix A and C). */
const OID = Object.freeze({
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
});

/** PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier } */
class Pbes2Params {
  keyDerivationFunc = new AlgorithmIdentifier();
  encryptionScheme = new AlgorithmIdentifier();
}
// asn1-schema's decorators are legacy (experimentalDecorators), so they are applied as functions.
AsnProp({ type: AlgorithmIdentifier })(Pbes2Params.prototype, 'keyDerivationFunc');
AsnProp({ type: AlgorithmIdentifier })(Pbes2Params.prototype, 'encryptionScheme');

/**
 * PBKDF2-params ::= SEQUENCE { salt CHOICE {…}, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
 * prf AlgorithmIdentifier DEFAULT hmacWithSHA1 } — only the count matters here; the salt is read as ANY.
 */
class Pbkdf2Params {
  salt: ArrayBuffer = new ArrayBuffer(0);
  iterationCount = 0n;
  keyLength?: number;
  prf?: AlgorithmIdentifier;
}
AsnProp({ type: AsnPropTypes.Any })(Pbkdf2Params.prototype, 'salt');
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })(Pbkdf2Params.prototype, 'iterationCount');
AsnProp({ type: AsnPropTypes.Integer, optional: true })(Pbkdf2Params.prototype, 'keyLength');
AsnProp({ type: AlgorithmIdentifier, optional: true })(Pbkdf2Params.prototype, 'prf');

/**
 * Reads the key-derivation parameters of an encrypted PKCS#8 key (DER) and
 * refuses, before any decryption work, what would cost more than a moment:
 * a scheme other than PBES2 with PBKDF2 (scrypt's cost parameters are just as
 * attacker-chosen; PBES1 is obsolete) or more than MAX_PBKDF2_ITERATIONS.
 *
 * @returns the iteration count
 * @throws PkiError PEM_MALFORMED (not EncryptedPrivateKeyInfo), KEY_UNSUPPORTED
 */
export function assertAffordableKeyDerivation(der: Uint8Array): number {
  const info = parse(der, EncryptedPrivateKeyInfo, 'EncryptedPrivateKeyInfo');
  const scheme = info.encryptionAlgorithm;
  if (scheme.algorithm !== OID.pbes2 || !scheme.parameters) {
    throw unsupported(`its encryption scheme is ${scheme.algorithm}, not PBES2 (${OID.pbes2})`);
  }
  const pbes2 = parse(new Uint8Array(scheme.parameters), Pbes2Params, 'PBES2-params');
  const kdf = pbes2.keyDerivationFunc;
  if (kdf.algorithm !== OID.pbkdf2 || !kdf.parameters) {
    throw unsupported(`its key derivation is ${kdf.algorithm}, not PBKDF2 (${OID.pbkdf2})`);
  }
  const { iterationCount } = parse(new Uint8Array(kdf.parameters), Pbkdf2Params, 'PBKDF2-params');
  if (iterationCount < 1n || iterationCount > BigInt(MAX_PBKDF2_ITERATIONS)) {
    throw unsupported(
      `it asks for ${iterationCount} PBKDF2 iterations; pca-mtls accepts 1 to ${MAX_PBKDF2_ITERATIONS} (ACM uses 2048)`,
    );
  }
  return Number(iterationCount);
}

function parse<T>(der: Uint8Array, type: new () => T, what: string): T {
  try {
    return AsnParser.parse(der, type);
  } catch {
    // The parser's message may quote bytes of the key: a neutral one stands in.
    throw new PkiError('PEM_MALFORMED', `the ENCRYPTED PRIVATE KEY block does not hold a valid ${what}`);
  }
}

function unsupported(why: string): PkiError {
  return new PkiError(
    'KEY_UNSUPPORTED',
    `the encrypted private key is refused before decryption: ${why} — re-export the identity (pca-mtls and ACM write PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC)`,
  );
}
