/**
 * A small declarative model of AWS input shapes, enough to validate requests
 * the way AWS's JSON services do: first deserialization (wrong JSON types are a
 * `SerializationException`), then every constraint at once (required, length,
 * range, pattern, enum), reported in one `ValidationException` whose message
 * reads like AWS's: "1 validation error detected: Value null at 'certificateArn'
 * failed to satisfy constraint: Member must not be null".
 */
import { AwsError, protocolErrors } from '../core/aws-error.ts';

interface BaseShape {
  required?: boolean;
  /** Never echo the value in an error message (passphrases, secret values). */
  sensitive?: boolean;
}
export interface StringShape extends BaseShape {
  kind: 'string';
  min?: number;
  max?: number;
  pattern?: RegExp;
  enum?: readonly string[];
}
export interface NumberShape extends BaseShape {
  kind: 'integer';
  min?: number;
  max?: number;
}
export interface BooleanShape extends BaseShape {
  kind: 'boolean';
}
export interface BlobShape extends BaseShape {
  kind: 'blob';
  min?: number;
  max?: number;
}
export interface TimestampShape extends BaseShape {
  kind: 'timestamp';
}
export interface ListShape extends BaseShape {
  kind: 'list';
  member: Shape;
  min?: number;
  max?: number;
}
export interface MapShape extends BaseShape {
  kind: 'map';
  value: Shape;
  min?: number;
  max?: number;
}
export interface StructureShape extends BaseShape {
  kind: 'structure';
  members: Record<string, Shape>;
}
export type Shape =
  StringShape | NumberShape | BooleanShape | BlobShape | TimestampShape | ListShape | MapShape | StructureShape;

type Options<S> = Omit<S, 'kind'>;

/** Builders, so operation modules read like the AWS API model. */
export const t = {
  string: (o: Options<StringShape> = {}): StringShape => ({ kind: 'string', ...o }),
  integer: (o: Options<NumberShape> = {}): NumberShape => ({ kind: 'integer', ...o }),
  boolean: (o: Options<BooleanShape> = {}): BooleanShape => ({ kind: 'boolean', ...o }),
  blob: (o: Options<BlobShape> = {}): BlobShape => ({ kind: 'blob', ...o }),
  timestamp: (o: Options<TimestampShape> = {}): TimestampShape => ({ kind: 'timestamp', ...o }),
  list: (member: Shape, o: Omit<Options<ListShape>, 'member'> = {}): ListShape => ({ kind: 'list', member, ...o }),
  map: (value: Shape, o: Omit<Options<MapShape>, 'value'> = {}): MapShape => ({ kind: 'map', value, ...o }),
  structure: (members: Record<string, Shape>, o: Omit<Options<StructureShape>, 'members'> = {}): StructureShape => ({
    kind: 'structure',
    members,
    ...o,
  }),
  /** Marks a shape required, as `required` does in the AWS model. */
  required: <S extends Shape>(shape: S): S => ({ ...shape, required: true }),
};

/** AWS's validation messages name members in lowerCamelCase. */
function memberPath(parent: string, name: string): string {
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return parent ? `${parent}.${camel}` : camel;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describe(value: unknown, shape: Shape): string {
  if (value === undefined || value === null) return 'Value null';
  if (shape.sensitive || shape.kind === 'blob') return 'Value';
  if (typeof value === 'string') return `Value '${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `Value '${value}'`;
  return 'Value';
}

/** The shape of a list member or map value: required, since null there is not "absent". */
function present(shape: Shape): Shape {
  return shape.required ? shape : { ...shape, required: true };
}

class Walker {
  readonly violations: string[] = [];

  constructor(private readonly validationErrorType: string) {}

  walk(value: unknown, shape: Shape, path: string): unknown {
    if (value === undefined || value === null) {
      if (shape.required) this.violate(value, shape, path, 'Member must not be null');
      return undefined;
    }
    switch (shape.kind) {
      case 'string':
        return this.string(value, shape, path);
      case 'integer':
        return this.integer(value, shape, path);
      case 'boolean':
        if (typeof value !== 'boolean') throw this.wrongType(path, 'boolean', value);
        return value;
      case 'blob':
        return this.blob(value, shape, path);
      case 'timestamp':
        return this.timestamp(value, path);
      case 'list':
        return this.list(value, shape, path);
      case 'map':
        return this.map(value, shape, path);
      case 'structure':
        return this.structure(value, shape, path);
    }
  }

  finish(): void {
    if (this.violations.length === 0) return;
    const count = this.violations.length;
    const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
    throw new AwsError(this.validationErrorType, head + this.violations.join('; '));
  }

  private violate(value: unknown, shape: Shape, path: string, constraint: string): void {
    this.violations.push(`${describe(value, shape)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  private wrongType(path: string, expected: string, value: unknown): AwsError {
    return protocolErrors.serialization(`Expected ${expected} at '${path || 'input'}' but found ${typeName(value)}`);
  }

  private length(value: unknown, shape: Shape & { min?: number; max?: number }, path: string, length: number): void {
    if (shape.min !== undefined && length < shape.min) {
      this.violate(value, shape, path, `Member must have length greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && length > shape.max) {
      this.violate(value, shape, path, `Member must have length less than or equal to ${shape.max}`);
    }
  }

  private string(value: unknown, shape: StringShape, path: string): string {
    if (typeof value !== 'string') throw this.wrongType(path, 'string', value);
    this.length(value, shape, path, value.length);
    if (shape.pattern && !shape.pattern.test(value)) {
      this.violate(value, shape, path, `Member must satisfy regular expression pattern: ${shape.pattern.source}`);
    }
    if (shape.enum && !shape.enum.includes(value)) {
      this.violate(value, shape, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
    return value;
  }

  private integer(value: unknown, shape: NumberShape, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.wrongType(path, 'integer', value);
    if (shape.min !== undefined && value < shape.min) {
      this.violate(value, shape, path, `Member must have value greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && value > shape.max) {
      this.violate(value, shape, path, `Member must have value less than or equal to ${shape.max}`);
    }
    return value;
  }

  private blob(value: unknown, shape: BlobShape, path: string): Buffer {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw protocolErrors.serialization(`Expected base64-encoded blob at '${path}'`);
    }
    const bytes = Buffer.from(value, 'base64');
    this.length(value, shape, path, bytes.length);
    return bytes;
  }

  private timestamp(value: unknown, path: string): Date {
    // JSON 1.1 sends timestamps as epoch seconds.
    if (typeof value !== 'number') throw this.wrongType(path, 'timestamp (epoch seconds)', value);
    return new Date(value * 1000);
  }

  private list(value: unknown, shape: ListShape, path: string): unknown[] {
    if (!Array.isArray(value)) throw this.wrongType(path, 'list', value);
    this.length(value, shape, path, value.length);
    // A null inside a list or map is never a value an operation can use (AWS answers the same).
    const member = present(shape.member);
    return value.map((item, index) => this.walk(item, member, `${path}.${index + 1}.member`));
  }

  private map(value: unknown, shape: MapShape, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || Array.isArray(value)) throw this.wrongType(path, 'map', value);
    const entries = Object.entries(value as Record<string, unknown>);
    this.length(value, shape, path, entries.length);
    const member = present(shape.value);
    return Object.fromEntries(entries.map(([k, v]) => [k, this.walk(v, member, `${path}.${k}`)]));
  }

  private structure(value: unknown, shape: StructureShape, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || Array.isArray(value)) throw this.wrongType(path, 'structure', value);
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    // Members the model does not know are ignored, as AWS's JSON services do.
    for (const [name, member] of Object.entries(shape.members)) {
      const checked = this.walk(input[name], member, memberPath(path, name));
      if (checked !== undefined) out[name] = checked;
    }
    return out;
  }
}

/**
 * Checks `input` against `shape`; returns a copy with blobs decoded to Buffers
 * and timestamps to Dates. Throws `SerializationException` for wrong JSON types
 * and `validationErrorType` listing every constraint violation.
 */
export function validateInput(input: unknown, shape: StructureShape, validationErrorType = 'ValidationException'): any {
  const walker = new Walker(validationErrorType);
  const checked = walker.walk(input ?? {}, shape, '');
  walker.finish();
  return checked;
}
