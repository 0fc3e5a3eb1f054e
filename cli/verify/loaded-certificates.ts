/**
 * The certificates Envoy has loaded, from `/certs`
 * (envoy.admin.v3.Certificates): per TLS context a `cert_chain` whose first
 * entry is the leaf Envoy presents, and the `ca_cert`s it verifies peers with.
 */
import { normalizeSerial } from '../../lib/serial.ts';

export interface LoadedCertificate {
  serial: string;
  /** Envoy's own count from its clock; 0 means expired or less than a day left. */
  daysUntilExpiration?: number;
  validFrom?: string;
  expirationTime?: string;
  subjectAltNames: string[];
  /** How many TLS contexts present it (a listener and a cluster may share one SDS secret). */
  contexts: number;
  /** With `--secret-id`: whether this differs from the secret's current serial. */
  stale?: boolean;
  ok: boolean;
  notes: string[];
}

interface CertificateDetails {
  serial_number?: unknown;
  days_until_expiration?: unknown;
  valid_from?: unknown;
  expiration_time?: unknown;
  subject_alt_names?: unknown;
}

/** undefined when `body` is not the /certs shape. */
export function parseCertsResponse(body: unknown): CertificateDetails[] | undefined {
  const certificates = (body as { certificates?: unknown })?.certificates;
  if (!Array.isArray(certificates)) return undefined;
  const leaves: CertificateDetails[] = [];
  for (const entry of certificates) {
    const chain = (entry as { cert_chain?: unknown })?.cert_chain;
    if (Array.isArray(chain) && chain.length > 0 && typeof chain[0] === 'object' && chain[0] !== null)
      leaves.push(chain[0] as CertificateDetails);
  }
  return leaves;
}

function sanText(san: unknown): string | undefined {
  const s = san as { dns?: unknown; uri?: unknown; ip_address?: unknown };
  if (typeof s?.uri === 'string') return `URI:${s.uri}`;
  if (typeof s?.dns === 'string') return `DNS:${s.dns}`;
  if (typeof s?.ip_address === 'string') return `IP:${s.ip_address}`;
  return undefined;
}

/** The leaves Envoy presents, one row per serial; `secretSerial` (normalized) marks stale ones. */
export function loadedCertificates(leaves: CertificateDetails[], secretSerial?: string): LoadedCertificate[] {
  const bySerial = new Map<string, LoadedCertificate>();
  for (const leaf of leaves) {
    if (typeof leaf.serial_number !== 'string') continue;
    const serial = normalizeSerial(leaf.serial_number);
    const existing = bySerial.get(serial);
    if (existing) {
      existing.contexts++;
      continue;
    }
    const days =
      typeof leaf.days_until_expiration === 'string' || typeof leaf.days_until_expiration === 'number'
        ? Number(leaf.days_until_expiration)
        : NaN;
    const certificate: LoadedCertificate = {
      serial,
      ...(Number.isFinite(days) ? { daysUntilExpiration: days } : {}),
      ...(typeof leaf.valid_from === 'string' ? { validFrom: leaf.valid_from } : {}),
      ...(typeof leaf.expiration_time === 'string' ? { expirationTime: leaf.expiration_time } : {}),
      subjectAltNames: Array.isArray(leaf.subject_alt_names)
        ? leaf.subject_alt_names.map(sanText).filter((s): s is string => s !== undefined)
        : [],
      contexts: 1,
      ok: true,
      notes: [],
    };
    if (certificate.daysUntilExpiration === 0) {
      certificate.ok = false;
      certificate.notes.push('expired, or expires within a day');
    }
    if (secretSerial !== undefined) {
      certificate.stale = serial !== secretSerial;
      if (certificate.stale) {
        certificate.ok = false;
        certificate.notes.push(`stale: the secret's current serial is ${secretSerial}`);
      }
    }
    bySerial.set(serial, certificate);
  }
  return [...bySerial.values()];
}
