/**
 * EventBridge targets that are SQS queues: the event (or the target's
 * Input / InputPath selection) becomes one message whose body is its JSON,
 * sent in the operations' queue like SendMessage. A queue that does not
 * exist is a failed attempt (retried, then dead-lettered), as in EventBridge.
 */
import type { EmulatorEnv } from '../protocol/service.ts';
import { AwsError } from '../core/aws-error.ts';
import { parseQueueArn } from '../sqs/queue-url.ts';
import { sendToQueue } from '../sqs/send.ts';
import type { SqsState } from '../sqs/state.ts';

export type TargetOutcome = { ok: true; result: unknown } | { ok: false; error: string };

export interface QueueTargetDependencies {
  env: EmulatorEnv;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Wakes long polls and event source mappings waiting on the queue. */
  notifyChange(): void;
}

export function isQueueArn(arn: string): boolean {
  return parseQueueArn(arn) !== undefined;
}

export function sendEventToQueue(
  deps: QueueTargetDependencies,
  queueArn: string,
  payload: unknown,
): Promise<TargetOutcome> {
  const target = parseQueueArn(queueArn);
  if (!target) return Promise.resolve({ ok: false, error: `InvalidArn: ${queueArn} is not an SQS queue ARN` });
  const { env } = deps;
  return deps.exclusive(async (): Promise<TargetOutcome> => {
    let state: SqsState;
    try {
      state = env.stateOf<SqsState>('sqs', target.region);
    } catch {
      return { ok: false, error: 'UnsupportedOperation: this aws-local runs without SQS' };
    }
    const queue = target.accountId === env.accountId ? state.queues[target.name] : undefined;
    if (!queue) return { ok: false, error: `QueueDoesNotExist: ${queueArn}` };
    try {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const sent = sendToQueue(state, queue, { MessageBody: body }, env.clock.nowMs());
      await env.store.save();
      deps.notifyChange();
      return { ok: true, result: { messageId: sent.MessageId } };
    } catch (err) {
      if (err instanceof AwsError) return { ok: false, error: `${err.type}: ${err.message}` };
      throw err;
    }
  });
}
