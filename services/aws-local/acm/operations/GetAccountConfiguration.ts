import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import type { AcmState } from '../state.js';

export default defineOperation<AcmState, Record<string, never>>({
  input: t.structure({}),
  handle(_input, ctx) {
    return { ExpiryEvents: { DaysBeforeExpiry: ctx.state.accountConfiguration.daysBeforeExpiry } };
  },
});
