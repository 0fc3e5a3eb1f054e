/**
 * Receipt handles: opaque to callers, here base64url of
 * `QUEUE-NAME/MESSAGE-ID/NONCE`. Each receive issues a new one; only the
 * latest deletes the message or changes its visibility, as in SQS.
 */
import { randomBytes } from 'node:crypto';
import { sqsErrors } from './errors.ts';

export function newReceiptHandle(queueName: string, messageId: string): string {
  return Buffer.from(`${queueName}/${messageId}/${randomBytes(12).toString('hex')}`).toString('base64url');
}

/** The message a handle was issued for; ReceiptHandleIsInvalid when it is no handle of ours. */
export function parseReceiptHandle(handle: string): { queueName: string; messageId: string } {
  const parts = Buffer.from(handle, 'base64url').toString('utf8').split('/');
  const [queueName, messageId, nonce] = parts;
  if (parts.length !== 3 || !queueName || !messageId || !nonce || !/^[0-9a-f]{24}$/.test(nonce)) {
    throw sqsErrors.receiptHandleIsInvalid(handle);
  }
  return { queueName, messageId };
}
