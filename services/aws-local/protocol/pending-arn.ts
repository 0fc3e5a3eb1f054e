import type { OperationContext } from './service.ts';

const pending = new WeakMap<object, Map<string, string>>();

/**
 * The ARN a creating operation will give its new resource, chosen once per
 * request (`ctx`): IAM authorizes e.g. CreateSecret and tag-on-create on the
 * ARN the resource will have, so the check (run before the handler) and the
 * handler must see the same one.
 */
export function pendingArn(ctx: OperationContext<unknown>, kind: string, make: () => string): string {
  let byKind = pending.get(ctx);
  if (!byKind) pending.set(ctx, (byKind = new Map()));
  let arn = byKind.get(kind);
  if (arn === undefined) byKind.set(kind, (arn = make()));
  return arn;
}
