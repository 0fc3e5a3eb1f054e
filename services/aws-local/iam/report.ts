import type { AuthorizationRequest } from '../protocol/authorization.ts';
import type { IamPrincipal } from './config.ts';
import type { Evaluation } from './evaluate.ts';

interface Tally {
  action: string;
  resource: string;
  decision: Evaluation['decision'];
  count: number;
  error?: string;
}

/**
 * Per restricted principal, every (action, resource) pair evaluated so far
 * with its decision and how often. Holds ARNs and action names only: never a
 * request body, so never a secret value.
 */
export class IamReport {
  private readonly tallies = new Map<string, Map<string, Tally>>();

  constructor(private readonly principals: ReadonlyMap<string, IamPrincipal>) {}

  record(principal: IamPrincipal, request: AuthorizationRequest, evaluation: Evaluation): void {
    let byPair = this.tallies.get(principal.accessKeyId);
    if (!byPair) this.tallies.set(principal.accessKeyId, (byPair = new Map()));
    const key = `${evaluation.decision}\n${request.action}\n${request.resource}`;
    const tally = byPair.get(key);
    if (tally) tally.count += 1;
    else
      byPair.set(key, {
        action: request.action,
        resource: request.resource,
        decision: evaluation.decision,
        count: 1,
        ...(evaluation.error !== undefined ? { error: evaluation.error } : {}),
      });
  }

  clear(): void {
    this.tallies.clear();
  }

  /** `GET /_aws-local/iam`: every configured principal, allowed and denied pairs sorted by action then resource. */
  view() {
    return {
      principals: [...this.principals.values()].map((principal) => {
        const tallies = [...(this.tallies.get(principal.accessKeyId)?.values() ?? [])].sort(
          (a, b) => a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource),
        );
        return {
          accessKeyId: principal.accessKeyId,
          principalArn: principal.sessionArn,
          roleArn: principal.roleArn,
          allowed: tallies
            .filter((t) => t.decision === 'Allowed')
            .map(({ action, resource, count }) => ({ action, resource, count })),
          denied: tallies
            .filter((t) => t.decision !== 'Allowed')
            .map(({ action, resource, count, decision, error }) => ({
              action,
              resource,
              count,
              explicit: decision === 'ExplicitlyDenied',
              ...(error !== undefined ? { error } : {}),
            })),
        };
      }),
    };
  }
}
