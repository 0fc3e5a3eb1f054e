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
