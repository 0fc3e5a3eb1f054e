/**
 * One parser per kind of setting: each takes a value as given (text from a
 * flag or variable, or already typed from code), checks it on its own and
 * returns the typed value, or reports it through `bad` with what was given.
 */
import { isAbsolute, normalize } from 'node:path';
import { isRole, type Role } from '../../../lib/vocabulary.ts';
import type { Shown } from './setting-problems.ts';
import { MAX_ID } from './setting-table.ts';

export type Given = string | readonly string[] | number | boolean;
/** Reports the setting being parsed: `got` is shown as given, `why` replaces "must be <range>". */
export type Bad = (got?: Shown, why?: string) => void;

const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);
const MAX_PORT = 65_535;

/** `30s`, `500ms`, `5m`, `1h` → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const [, amount, unit = ''] = DURATION.exec(text.trim()) ?? [];
  const unitMs = DURATION_UNITS_MS[unit];
  return amount !== undefined && unitMs !== undefined ? Math.round(Number(amount) * unitMs) : undefined;
}

/** The given value as trimmed text; undefined when not given. */
export function textOf(given: Given | undefined): string | undefined {
  return given === undefined ? undefined : String(given).trim();
}

/** A whole number from `min` to `max`, from digits or a number; undefined when not given or empty. */
export function parseWholeNumber(given: Given | undefined, bad: Bad, min: number, max: number): number | undefined {
  if (typeof given === 'number') {
    if (Number.isInteger(given) && given >= min && given <= max) return given;
    return void bad(given);
  }
  const value = textOf(given);
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) return void bad(value);
  return n;
}

export const parsePort = (given: Given | undefined, bad: Bad, min = 1) => parseWholeNumber(given, bad, min, MAX_PORT);
export const parseId = (given: Given | undefined, bad: Bad) => parseWholeNumber(given, bad, 0, MAX_ID);

/** A duration (`30s`, or milliseconds from code) from `min` to `max` ms. */
export function parseDurationMs(given: Given | undefined, bad: Bad, min: number, max: number): number | undefined {
  const value = typeof given === 'number' ? given : textOf(given);
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined || ms < min || ms > max) return void bad(value);
  return ms;
}

/** `true`/`false` (also 1/0, yes/no, on/off); false when not given. */
export function parseSwitch(given: Given | undefined, bad: Bad): boolean {
  if (typeof given === 'boolean' || given === undefined) return given ?? false;
  const lowered = String(given).trim().toLowerCase();
  if (TRUE.has(lowered)) return true;
  if (!FALSE.has(lowered)) bad(given);
  return false;
}

export function parseRole(given: Given | undefined, bad: Bad): Role | undefined {
  const value = textOf(given) || undefined;
  if (value === undefined || isRole(value)) return value;
  return void bad(value);
}

/** A secret name or ARN; with `required`, its absence is a problem too. */
export function parseSecretId(given: Given | undefined, bad: Bad, required?: string): string | undefined {
  const value = textOf(given) || undefined;
  if (value === undefined) {
    if (required) bad(undefined, required);
  } else if (!SECRET_ID.test(value)) bad(value);
  return value;
}

export function parseOutDir(given: Given | undefined, bad: Bad): string | undefined {
  const value = textOf(given) || undefined;
  if (value !== undefined && (!isAbsolute(value) || normalize(value) === '/'))
    bad(value, 'must be an absolute directory path other than /');
  return value;
}

export function isDnsName(value: string): boolean {
  return value.length <= 253 && DNS_NAME.test(value);
}

/** Lowercased, without blanks and duplicates; each entry must be a DNS name. */
export function parseDnsNames(given: Given | undefined, bad: Bad): string[] {
  const list = Array.isArray(given) ? (given as readonly string[]) : [];
  const names = [...new Set(list.map((s) => s.trim().toLowerCase()).filter(Boolean))];
  for (const name of names) if (!isDnsName(name)) bad(name);
  return names;
}

/** Lowercased; kept even when malformed so the rules about who needs it can quote it. */
export function parseDnsName(given: Given | undefined, bad: Bad): string | undefined {
  const value = textOf(given)?.toLowerCase() || undefined;
  if (value !== undefined && !isDnsName(value)) bad(value);
  return value;
}

/** `HOST:PORT` → host (lowercased) and port; undefined when malformed. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const [, host, port] = /^([^:\s]+):(\d{1,5})$/.exec(text) ?? [];
  const n = port !== undefined ? Number(port) : 0;
  if (host === undefined || !(IPV4.test(host) || DNS_NAME.test(host)) || n < 1 || n > MAX_PORT) return undefined;
  return { host: host.toLowerCase(), port: n };
}

/** `HOST:PORT` as given; kept even when malformed so the rules about who needs it can quote it. */
export function parseHostPort(given: Given | undefined, bad: Bad): string | undefined {
  const value = textOf(given) || undefined;
  if (value !== undefined && !splitHostPort(value)) bad(value);
  return value;
}

export function parseIpv4(given: Given | undefined, bad: Bad): string | undefined {
  const value = textOf(given) || undefined;
  if (value !== undefined && !IPV4.test(value)) bad(value);
  return value;
}
