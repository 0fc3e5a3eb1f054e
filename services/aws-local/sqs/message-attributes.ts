/**
 * Message attributes: SQS's limits (10 per message, names, data types) and
 * the MD5 digest SQS computes over them (name, type, transport and value,
 * each length-prefixed, in name order), so MD5OfMessageAttributes matches
 * what SDKs that verify it compute.
 */
import { createHash } from 'node:crypto';
import { sqsErrors } from './errors.ts';
import type { StoredMessageAttribute } from './state.ts';

export const MAX_MESSAGE_ATTRIBUTES = 10;

/** As SendMessage takes them (BinaryValue already decoded from base64 by the shape). */
export interface MessageAttributeInput {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
  StringListValues?: string[];
  BinaryListValues?: Buffer[];
}

const NAME_PATTERN = /^(?!aws\.|amazon\.)(?!.*\.\.)(?!\.)[A-Za-z0-9_.-]{1,256}(?<!\.)$/i;
const TYPE_PATTERN = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]{1,246})?$/;

export function checkMessageAttributes(
  given: Record<string, MessageAttributeInput> | undefined,
): Record<string, StoredMessageAttribute> | undefined {
  if (!given || Object.keys(given).length === 0) return undefined;
  const entries = Object.entries(given);
  if (entries.length > MAX_MESSAGE_ATTRIBUTES) {
    throw sqsErrors.invalidParameter(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  const out: Record<string, StoredMessageAttribute> = {};
  for (const [name, attribute] of entries) {
    if (!NAME_PATTERN.test(name)) throw sqsErrors.invalidParameter(`Message attribute name '${name}' is invalid.`);
    const type = TYPE_PATTERN.exec(attribute.DataType)?.[1];
    if (!type) throw sqsErrors.invalidParameter(`The type of message attribute '${name}' is invalid.`);
    if (attribute.StringListValues?.length || attribute.BinaryListValues?.length) {
      throw sqsErrors.unsupported('StringListValues and BinaryListValues are reserved for future use.');
    }
    if (type === 'Binary') {
      if (!attribute.BinaryValue)
        throw sqsErrors.invalidParameter(
          `Message attribute '${name}' must contain a non-empty value of type 'Binary'.`,
        );
      out[name] = { DataType: attribute.DataType, BinaryValueBase64: attribute.BinaryValue.toString('base64') };
    } else {
      if (!attribute.StringValue)
        throw sqsErrors.invalidParameter(
          `Message attribute '${name}' must contain a non-empty value of type '${type}'.`,
        );
      if (type === 'Number' && !Number.isFinite(Number(attribute.StringValue)))
        throw sqsErrors.invalidParameter(
          `Value ${attribute.StringValue} for message attribute '${name}' is not a number.`,
        );
      out[name] = { DataType: attribute.DataType, StringValue: attribute.StringValue };
    }
  }
  return out;
}

/** Bytes the attributes count toward the message size limit: names, types and values. */
export function messageAttributesSize(attributes: Record<string, StoredMessageAttribute> | undefined): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    size +=
      a.BinaryValueBase64 !== undefined
        ? Buffer.from(a.BinaryValueBase64, 'base64').length
        : Buffer.byteLength(a.StringValue ?? '');
  }
  return size;
}

export function md5OfMessageAttributes(attributes: Record<string, StoredMessageAttribute>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  const byName = Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, attribute] of byName) {
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValueBase64 !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(attribute.BinaryValueBase64, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

/** The attributes a receive asked for: `All`, `.*`, names, or `prefix.*`. */
export function selectMessageAttributes(
  attributes: Record<string, StoredMessageAttribute> | undefined,
  requested: readonly string[] | undefined,
): Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }> | undefined {
  if (!attributes || !requested?.length) return undefined;
  const wanted = (name: string) =>
    requested.some(
      (r) => r === 'All' || r === '.*' || r === name || (r.endsWith('.*') && name.startsWith(r.slice(0, -1))),
    );
  const selected = Object.entries(attributes).filter(([name]) => wanted(name));
  if (selected.length === 0) return undefined;
  return Object.fromEntries(
    selected.map(([name, a]) => [
      name,
      a.BinaryValueBase64 !== undefined
        ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValueBase64, 'base64') }
        : { DataType: a.DataType, StringValue: a.StringValue },
    ]),
  );
}
