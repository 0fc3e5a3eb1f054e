import type { OperationContext } from './service.js';

/** Condition-key values a request carries (`aws:ResourceTag/…`, `ecs:cluster`, …). */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

/**
 * One IAM check an API call needs, as the Service Authorization Reference
 * defines it: the action, the resource ARN (`*` for actions without
 * resource-level permissions) and the condition keys the request supplies.
 */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: RequestContext;
}

/**
 * What an operation is authorized as, computed from its validated input and
 * the current state (a resource's tags live in the state) before the handler
 * runs. Every check must pass; the first denial answers AccessDeniedException.
 */
export type OperationAuthorization<S> = (input: any, ctx: OperationContext<S>) => readonly AuthorizationRequest[];

/** One service's table: operation name → its checks. */
export type ServiceAuthorization<S> = Readonly<Record<string, OperationAuthorization<S>>>;

/** `aws:ResourceTag/<key>` (and any service-specific spelling) for each of a resource's tags. */
export function resourceTagContext(
  tags: readonly { key: string; value: string }[],
  prefixes: readonly string[] = ['aws:ResourceTag/'],
): Record<string, string> {
  const context: Record<string, string> = {};
  for (const tag of tags) for (const prefix of prefixes) context[`${prefix}${tag.key}`] = tag.value;
  return context;
}

/** `aws:RequestTag/<key>` for each tag a request adds, and `aws:TagKeys`. */
export function requestTagContext(tags: readonly { key: string; value: string }[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
  return context;
}
