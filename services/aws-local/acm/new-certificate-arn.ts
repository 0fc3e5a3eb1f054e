import { randomUUID } from 'node:crypto';
import { pendingArn } from '../protocol/pending-arn.ts';
import type { OperationContext } from '../protocol/service.ts';

/** The ARN RequestCertificate gives a new certificate; the same one for the IAM check (tags on request) and the handler. */
export function newCertificateArn(ctx: OperationContext<unknown>): string {
  return pendingArn(ctx, 'acm:certificate', () => ctx.arn('acm', `certificate/${randomUUID()}`));
}
