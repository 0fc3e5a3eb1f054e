import { randomInt } from 'node:crypto';
import { pendingArn } from '../protocol/pending-arn.ts';
import type { OperationContext } from '../protocol/service.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The ARN CreateSecret gives a new secret: the name, a hyphen and six random
 * characters (so a re-created name gets a new ARN); the same one for the IAM
 * check and the handler.
 */
export function newSecretArn(ctx: OperationContext<unknown>, name: string): string {
  return pendingArn(ctx, 'secretsmanager:secret', () => {
    const suffix = Array.from({ length: 6 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
    return ctx.arn('secretsmanager', `secret:${name}-${suffix}`);
  });
}
