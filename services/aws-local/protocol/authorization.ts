export type { AuthorizationRequest, RequestContext } from './authorization-request.ts';
export type { OperationAuthorization, ServiceAuthorization } from './service.ts';

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
