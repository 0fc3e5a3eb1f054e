/**
 * A Query request's form → the operation's input as AWS JSON would carry it
 * (integers as numbers, blobs still base64, timestamps as epoch seconds), so
 * that the JSON path validates and runs it unchanged. Walks the operation's
 * input shape, so only members the model knows are read.
 */
import type { ListShape, MapShape, Shape, StructureShape } from '../shape.ts';
import type { QueryProtocolDefinition } from './definition.ts';
import { numberedEntries, type FormNode } from './form-tree.ts';
import { queryErrors } from './query-errors.ts';

export function decodeQueryInput(
  root: FormNode,
  shape: StructureShape,
  operation: string,
  names: QueryProtocolDefinition,
): Record<string, unknown> {
  return new Decoder(operation, names).structure(root, shape, '');
}

class Decoder {
  constructor(
    private readonly operation: string,
    private readonly names: QueryProtocolDefinition,
  ) {}

  structure(node: FormNode, shape: StructureShape, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [member, memberShape] of Object.entries(shape.members)) {
      const wire = this.names.wireName(this.operation, member);
      const child = node.children.get(wire);
      const value =
        memberShape.kind === 'list'
          ? this.list(child, node.children.get(member), memberShape, `${path}${wire}`)
          : child && this.value(child, memberShape, `${path}${wire}`, member);
      if (value !== undefined) out[member] = value;
    }
    return out;
  }

  private value(node: FormNode, shape: Shape, path: string, member: string): unknown {
    switch (shape.kind) {
      case 'structure':
        return this.structure(node, shape, `${path}.`);
      case 'map':
        return this.map(node, shape, path, member);
      case 'list':
        return this.list(node, undefined, shape, path);
      default:
        return node.value === undefined ? undefined : scalar(node.value, shape, path);
    }
  }

  /**
   * A flattened list: `Element.1`, `Element.2`…; a list sent empty is the
   * member's own name with an empty value (`AttributeNames=`), as botocore sends it.
   */
  private list(node: FormNode | undefined, emptyMarker: FormNode | undefined, shape: ListShape, path: string) {
    const entries = numberedEntries(node);
    if (entries.length === 0) return emptyMarker?.value === '' ? [] : undefined;
    const element = shape.member;
    return entries.map((entry, index) => this.value(entry, element, `${path}.${index + 1}`, ''));
  }

  private map(node: FormNode, shape: MapShape, path: string, member: string): Record<string, unknown> | undefined {
    const { key, value } = this.names.mapEntry(member) ?? { key: 'key', value: 'value' };
    const out: Record<string, unknown> = {};
    numberedEntries(node).forEach((entry, index) => {
      const name = entry.children.get(key)?.value;
      if (name === undefined) throw queryErrors.invalidValue(`${path}.${index + 1}.${key}`, 'a map entry needs a key');
      if (Object.hasOwn(out, name)) return; // the first entry for a key wins, as for a key sent twice
      const valueNode = entry.children.get(value);
      const decoded = valueNode && this.value(valueNode, shape.value, `${path}.${index + 1}.${value}`, '');
      // null, not absent: the JSON path then reports the missing value. defineProperty: `__proto__` is a key too.
      Object.defineProperty(out, name, { value: decoded ?? null, enumerable: true });
    });
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

function scalar(text: string, shape: Shape, path: string): unknown {
  switch (shape.kind) {
    case 'integer': {
      const number = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(number)) throw queryErrors.invalidValue(path, 'must be an integer.');
      return number;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw queryErrors.invalidValue(path, 'must be true or false.');
      return text === 'true';
    case 'timestamp': {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw queryErrors.invalidValue(path, 'must be an ISO 8601 timestamp.');
      return ms / 1000;
    }
    default:
      // Strings as sent; blobs stay base64 for the JSON path's validation to decode.
      return text;
  }
}
