import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { ecsErrors } from '../errors.ts';
import type { EcsState } from '../state.ts';
import { findTaskDefinition, taskDefinitionView } from '../task-definitions.ts';

/**
 * Describes a task definition named by family (its latest ACTIVE revision),
 * `family:revision` or ARN (that revision, ACTIVE or INACTIVE).
 */
export default defineOperation<EcsState>({
  input: t.structure({
    taskDefinition: t.required(t.string()),
    include: t.list(t.string({ enum: ['TAGS'] })),
  }),
  handle(input: { taskDefinition: string; include?: string[] }, ctx) {
    const record = findTaskDefinition(ctx.state, input.taskDefinition);
    if (!record) throw ecsErrors.client('Unable to describe task definition.');
    return {
      taskDefinition: taskDefinitionView(ctx, record),
      tags: input.include?.includes('TAGS') ? record.tags : undefined,
    };
  },
});
