import { AwsError } from '../core/aws-error.ts';
import type { AuthorizationRequest } from '../protocol/authorization.ts';
import type { IamPrincipal } from './config.ts';

/**
 * AWS's AccessDeniedException for an identity-based policy decision. Actions
 * without resource-level permissions (`*`) are worded without the
 * `on resource:` part, as AWS words them.
 */
export function accessDenied(principal: IamPrincipal, request: AuthorizationRequest, explicit: boolean): AwsError {
  const on = request.resource === '*' ? '' : ` on resource: ${request.resource}`;
  const why = explicit
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${request.action} action`;
  return new AwsError(
    'AccessDeniedException',
    `User: ${principal.sessionArn} is not authorized to perform: ${request.action}${on} ${why}`,
  );
}
