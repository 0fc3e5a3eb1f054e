/**
 * One spelling for certificate serials everywhere (secret, tags, Envoy's
 * `/certs`, ACM's `aa:bb:…`): lowercase hex, no separators, no leading zero
 * bytes (a DER sign byte would otherwise make equal serials differ).
 */
export function normalizeSerial(serial: string): string {
  const hex = serial.toLowerCase().replace(/[^0-9a-f]/g, '');
  const stripped = hex.replace(/^(?:00)+(?=[0-9a-f]{2})/, '');
  return stripped.length % 2 === 1 ? `0${stripped}` : stripped;
}
