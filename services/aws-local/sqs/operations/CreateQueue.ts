import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { sqsErrors } from '../errors.ts';
import { checkAttributes, defaultAttributes } from '../queue-attributes.ts';
import { QUEUE_NAME_PATTERN, queueArn, queueUrl } from '../queue-url.ts';
import type { SqsState } from '../state.ts';
import { checkTags } from '../tags.ts';

interface Input {
  QueueName: string;
  Attributes?: Record<string, string>;
  tags?: Record<string, string>;
}

/** Creates a standard queue; the same name with the same attributes returns the existing queue's URL. */
export const CreateQueue = defineOperation<SqsState, Input>({
  mutates: true,
  input: t.structure({
    QueueName: t.required(t.string()),
    Attributes: t.map(t.string()),
    tags: t.map(t.string()),
  }),
  handle(input: Input, ctx) {
    if (input.QueueName.endsWith('.fifo'))
      throw sqsErrors.unsupported('aws-local emulates standard queues only (no FIFO).');
    if (!QUEUE_NAME_PATTERN.test(input.QueueName)) {
      throw sqsErrors.invalidParameter(
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    const given = checkAttributes(ctx.state, input.Attributes ?? {});
    const attributes = { ...defaultAttributes(), ...given };
    const existing = ctx.state.queues[input.QueueName];
    if (existing) {
      const differs = Object.entries(given).some(([name, value]) => existing.attributes[name] !== value);
      if (differs) throw sqsErrors.queueNameExists(input.QueueName);
      return { QueueUrl: queueUrl(ctx, existing.name) };
    }
    const now = ctx.nowMs();
    ctx.state.queues[input.QueueName] = {
      name: input.QueueName,
      arn: queueArn(ctx.region, ctx.accountId, input.QueueName),
      createdAtMs: now,
      lastModifiedAtMs: now,
      attributes,
      tags: checkTags(input.tags ?? {}),
      nextSequence: 0,
    };
    return { QueueUrl: queueUrl(ctx, input.QueueName) };
  },
});
