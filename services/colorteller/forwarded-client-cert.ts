/**
 * Envoy's `x-forwarded-client-cert` header: elements separated by `,`, one per
 * proxy that handled the request (the last is the closest hop); each element
 * is `key=value` pairs separated by `;`; a value containing `,`, `;` or `=` is
 * double-quoted, with `\"` for a quote inside. Keys (case-insensitive): By,
 * Hash, Cert, Chain, Subject, URI, DNS — URI and DNS repeat once per SAN.
 */
import { PcaMtlsError } from '../../lib/errors.ts';

export const XFCC_HEADER = 'x-forwarded-client-cert';

export interface XfccElement {
  /** The SANs of the proxy that received the certificate. */
  by: string[];
  hash?: string;
  subject?: string;
  uris: string[];
  dnsNames: string[];
}

export class ForwardedClientCertError extends PcaMtlsError {
  override name = 'ForwardedClientCertError';
  constructor(problem: string) {
    super('XFCC_MALFORMED', `${XFCC_HEADER} ${problem}`);
  }
}

/** Splits at unquoted separators into elements of [key, value] pairs, unquoting values. */
function tokenize(header: string): Array<Array<[string, string]>> {
  const elements: Array<Array<[string, string]>> = [];
  let pairs: Array<[string, string]> = [];
  let key = '';
  let value = '';
  let inValue = false;
  let quoted = false;
  const endPair = () => {
    if (!inValue) {
      if (key.trim() !== '')
        throw new ForwardedClientCertError(`has a pair without '=' (${JSON.stringify(key.trim().slice(0, 40))})`);
    } else {
      pairs.push([key.trim().toLowerCase(), value]);
    }
    key = '';
    value = '';
    inValue = false;
  };
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (quoted) {
      if (c === '\\' && header[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        value += c;
      }
    } else if (c === '"' && inValue && value === '') {
      quoted = true;
    } else if (c === '=' && !inValue) {
      inValue = true;
    } else if (c === ';') {
      endPair();
    } else if (c === ',') {
      endPair();
      if (pairs.length > 0) elements.push(pairs);
      pairs = [];
    } else if (inValue) {
      value += c;
    } else {
      key += c;
    }
  }
  if (quoted) throw new ForwardedClientCertError('has an unterminated quoted value');
  endPair();
  if (pairs.length > 0) elements.push(pairs);
  return elements;
}

/**
 * @example
 * parseForwardedClientCert('By=spiffe://teller;Hash=ab12;Subject="CN=gw,O=x";URI=;DNS=gw.mesh.local')
 * // [{ by: ['spiffe://teller'], hash: 'ab12', subject: 'CN=gw,O=x', uris: [], dnsNames: ['gw.mesh.local'] }]
 * @throws ForwardedClientCertError XFCC_MALFORMED
 */
export function parseForwardedClientCert(header: string): XfccElement[] {
  return tokenize(header).map((pairs) => {
    const element: XfccElement = { by: [], uris: [], dnsNames: [] };
    for (const [key, value] of pairs) {
      if (key === 'by' && value) element.by.push(value);
      else if (key === 'hash') element.hash = value;
      else if (key === 'subject') element.subject = value;
      // Envoy writes `URI=` when the certificate has no URI SAN.
      else if (key === 'uri' && value) element.uris.push(value);
      else if (key === 'dns' && value) element.dnsNames.push(value);
    }
    return element;
  });
}

/** The CN of a name as Envoy writes it (`CN=a,O=b`, RFC 2253) or Node does (`CN=a\nO=b`), honouring `\,` escapes. */
export function commonNameOf(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < subject.length; i++) {
    const c = subject[i];
    if (c === '\\' && i + 1 < subject.length) {
      current += subject[++i];
    } else if (c === ',' || c === '\n') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  const cn = parts.map((p) => p.trim()).find((p) => /^CN=/i.test(p));
  return cn ? cn.slice(3) : undefined;
}
