import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { parseTaskDefinitionReference } from '../arns.ts';
import { ecsErrors } from '../errors.ts';
import type { EcsState } from '../state.ts';
import { findTaskDefinition, taskDefinitionView } from '../task-definitions.ts';

/**
 * Marks one revision INACTIVE. It stays describable by revision, services
 * already using it keep it, but it can no longer start new services.
 */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({ taskDefinition: t.required(t.string()) }),
  handle(input: { taskDefinition: string }, ctx) {
    const reference = parseTaskDefinitionReference(input.taskDefinition);
    if (reference && reference.revision === undefined) throw ecsErrors.client('Revision is missing.');
    const record = findTaskDefinition(ctx.state, input.taskDefinition);
    if (!record) throw ecsErrors.client('The specified task definition does not exist.');
    if (record.status === 'ACTIVE') {
      record.status = 'INACTIVE';
      record.deregisteredAt = ctx.nowMs();
    }
    return { taskDefinition: taskDefinitionView(ctx, record) };
  },
});
