/**
 * An event as EventBridge's matcher sees it: every leaf value (string, number,
 * boolean, null) under its dotted path. Arrays are "crushed out" (their
 * elements sit under the array's own path) but each leaf remembers which
 * element of which array it came from, so a pattern naming two fields of an
 * array of objects only matches when both come from the same element.
 */
import type { Leaf } from './matchers.ts';

export interface FlatLeaf {
  value: Leaf;
  /** [array id, element index] for every array this leaf sits inside. */
  elements: ReadonlyArray<readonly [number, number]>;
}

export type FlatEvent = Map<string, FlatLeaf[]>;

export function flattenEvent(event: Record<string, unknown>): FlatEvent {
  const out: FlatEvent = new Map();
  let nextArrayId = 0;
  const visit = (value: unknown, path: string, elements: ReadonlyArray<readonly [number, number]>): void => {
    if (Array.isArray(value)) {
      const arrayId = nextArrayId++;
      value.forEach((item, index) => visit(item, path, [...elements, [arrayId, index]]));
    } else if (value !== null && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) visit(child, path ? `${path}.${name}` : name, elements);
    } else if (value !== undefined && path) {
      const leaves = out.get(path) ?? [];
      leaves.push({ value: value as Leaf, elements });
      out.set(path, leaves);
    }
  };
  visit(event, '', []);
  return out;
}

/** Two leaves may be used together unless they come from different elements of one array. */
export function consistent(a: FlatLeaf, b: FlatLeaf): boolean {
  for (const [arrayId, index] of a.elements) {
    const other = b.elements.find(([id]) => id === arrayId);
    if (other && other[1] !== index) return false;
  }
  return true;
}
