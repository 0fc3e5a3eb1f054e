/**
 * What a target receives for an event, as EventBridge builds it: the whole
 * event, or the target's constant `Input`, or the part `InputPath` selects.
 * InputTransformer is not emulated: such a delivery is dead-lettered with
 * that reason rather than delivering something AWS would not.
 */
import type { StoredTarget } from '../events/state.ts';

export function targetPayload(
  target: StoredTarget,
  event: Record<string, unknown>,
): { payload: unknown } | { reason: string } {
  if (target.Input !== undefined) return { payload: JSON.parse(target.Input) };
  if (target.InputPath !== undefined) {
    const selected = selectPath(event, target.InputPath);
    return selected === undefined
      ? { reason: `InputPath ${target.InputPath} selects nothing in the event` }
      : { payload: selected };
  }
  if (target.InputTransformer !== undefined) {
    return { reason: 'aws-local does not emulate InputTransformer; use Input, InputPath or the whole event' };
  }
  return { payload: event };
}

/** `$`, `$.detail`, `$.resources[0]`, `$.detail.Action`: the JSONPath subset targets use. */
function selectPath(event: unknown, path: string): unknown {
  if (path === '$') return event;
  if (!path.startsWith('$.')) return undefined;
  let current: unknown = event;
  for (const part of path.slice(2).split('.')) {
    const [, key, indexes] = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part) ?? [];
    if (key === undefined || indexes === undefined) return undefined;
    current = (current as Record<string, unknown> | undefined)?.[key];
    for (const [, index] of indexes.matchAll(/\[(\d+)\]/g)) {
      current = Array.isArray(current) ? current[Number(index)] : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
