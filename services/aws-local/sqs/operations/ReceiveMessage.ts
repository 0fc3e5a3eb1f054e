import { PollAgain } from '../../protocol/poll-again.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { sqsErrors } from '../errors.ts';
import { receive } from '../messages.ts';
import { receivedMessageView } from '../message-view.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

interface Input {
  QueueUrl: string;
  AttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  MessageAttributeNames?: string[];
  MaxNumberOfMessages?: number;
  VisibilityTimeout?: number;
  WaitTimeSeconds?: number;
  ReceiveRequestAttemptId?: string;
}

export const MAX_RECEIVE_MESSAGES = 10;
/** The longest long poll SQS allows. */
export const MAX_WAIT_TIME_SECONDS = 20;

/**
 * Up to MaxNumberOfMessages visible messages. With WaitTimeSeconds (or the
 * queue's ReceiveMessageWaitTimeSeconds) an empty queue is long-polled:
 * the dispatcher retries until a message arrives or the wait, in real
 * seconds, is over.
 */
export const ReceiveMessage = defineOperation<SqsState, Input>({
  mutates: true,
  input: t.structure({
    QueueUrl: t.required(t.string()),
    AttributeNames: t.list(t.string()),
    MessageSystemAttributeNames: t.list(t.string()),
    MessageAttributeNames: t.list(t.string()),
    MaxNumberOfMessages: t.integer(),
    VisibilityTimeout: t.integer({ min: 0, max: 43_200 }),
    WaitTimeSeconds: t.integer(),
    ReceiveRequestAttemptId: t.string(),
  }),
  handle(input: Input, ctx) {
    const max = input.MaxNumberOfMessages ?? 1;
    if (max < 1 || max > MAX_RECEIVE_MESSAGES) {
      throw sqsErrors.invalidParameter(
        `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and ${MAX_RECEIVE_MESSAGES}, if provided.`,
      );
    }
    const wait = input.WaitTimeSeconds;
    if (wait !== undefined && (wait < 0 || wait > MAX_WAIT_TIME_SECONDS)) {
      throw sqsErrors.invalidParameter(
        `Value ${wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= ${MAX_WAIT_TIME_SECONDS}, if provided.`,
      );
    }
    const queue = requireQueue(ctx, input.QueueUrl);
    const messages = receive(ctx.state, queue, { max, visibilitySeconds: input.VisibilityTimeout }, ctx.nowMs());
    const waitSeconds = wait ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds);
    if (messages.length === 0) return waitSeconds > 0 ? new PollAgain(waitSeconds * 1000, {}) : {};
    const requested = {
      system: [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])],
      message: input.MessageAttributeNames,
    };
    return { Messages: messages.map((m) => receivedMessageView(m, ctx.accountId, requested)) };
  },
});
