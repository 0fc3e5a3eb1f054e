import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import type { AcmState } from '../state.ts';

export default defineOperation<AcmState, Record<string, never>>({
  input: t.structure({}),
  handle(_input, ctx) {
    return { ExpiryEvents: { DaysBeforeExpiry: ctx.state.accountConfiguration.daysBeforeExpiry } };
  },
});
