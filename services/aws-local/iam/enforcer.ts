import type { AwsError } from '../core/aws-error.ts';
import type { AuthorizationRequest } from '../protocol/authorization.ts';
import { accessDenied } from './access-denied.ts';
import { resolveIamConfig, type IamConfig, type IamOptions, type IamPrincipal } from './config.ts';
import { evaluate } from './evaluate.ts';
import { IamReport } from './report.ts';

/**
 * IAM for the access keys aws-local was told about; every other key is
 * unrestricted, like the account's root user, so nothing that works without
 * `--iam` changes.
 */
export class IamEnforcer {
  readonly report: IamReport;

  private constructor(
    private readonly principals: IamConfig,
    private readonly accountId: string,
  ) {
    this.report = new IamReport(principals);
  }

  /** Validates the options (IamConfigError on a bad policy) and builds the enforcer. */
  static async create(options: IamOptions, accountId: string): Promise<IamEnforcer> {
    return new IamEnforcer(await resolveIamConfig(options, accountId), accountId);
  }

  /** The restricted principal signing with this key, or undefined for an unrestricted caller. */
  principalFor(accessKeyId: string | undefined): IamPrincipal | undefined {
    return accessKeyId === undefined ? undefined : this.principals.get(accessKeyId);
  }

  /**
   * Evaluates the checks in order and answers the AccessDeniedException of the
   * first one denied (later ones are not evaluated, as AWS stops at the first).
   */
  async authorize(
    principal: IamPrincipal,
    region: string,
    requests: readonly AuthorizationRequest[],
  ): Promise<AwsError | undefined> {
    for (const request of requests) {
      const evaluation = await evaluate(principal, request, { accountId: this.accountId, region });
      this.report.record(principal, request, evaluation);
      if (evaluation.decision !== 'Allowed') {
        return accessDenied(principal, request, evaluation.decision === 'ExplicitlyDenied');
      }
    }
    return undefined;
  }
}
