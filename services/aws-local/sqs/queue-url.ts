/**
 * Queue URLs, `http://HOST/ACCOUNT/NAME`: HOST is whatever the client used to
 * reach aws-local (the SDK sends requests to its configured endpoint, or to
 * the QueueUrl's origin when none is configured), so a URL works from any
 * address the emulator listens on. Only the path identifies the queue.
 */
import type { OperationContext } from '../protocol/service.ts';
import { sqsErrors } from './errors.ts';
import type { SqsState, StoredQueue } from './state.ts';

/** "Queue names … can have up to 80 characters … alphanumeric characters, hyphens (-), and underscores (_)." */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export function queueUrl(ctx: OperationContext<unknown>, name: string): string {
  return `${ctx.origin}/${ctx.accountId}/${name}`;
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME` → its parts, or undefined. */
export function parseQueueArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/.exec(arn);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { region: match[1], accountId: match[2], name: match[3] };
}

/** The queue a QueueUrl names in this region, or QueueDoesNotExist (InvalidAddress when it is no SQS URL). */
export function requireQueue(ctx: OperationContext<SqsState>, url: string): StoredQueue {
  const name = queueNameFromUrl(ctx, url);
  const queue = ctx.state.queues[name];
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return queue;
}

function queueNameFromUrl(ctx: OperationContext<unknown>, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw sqsErrors.invalidAddress(url);
  }
  const [, account, name, ...rest] = path.split('/');
  if (!account || !name || rest.length > 0 || !/^\d{12}$/.test(account)) throw sqsErrors.invalidAddress(url);
  if (account !== ctx.accountId) throw sqsErrors.queueDoesNotExist();
  return name;
}
