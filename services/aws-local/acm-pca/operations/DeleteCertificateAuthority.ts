import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { effectiveStatus, requireAuthority, requireStatus, setStatus } from '../authorities.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string; PermanentDeletionTimeInDays?: number }>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityArn: t.required(arn),
    PermanentDeletionTimeInDays: t.integer({ min: 7, max: 30 }),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    // An ACTIVE CA must be disabled first.
    requireStatus(ca, nowMs, ['CREATING', 'PENDING_CERTIFICATE', 'DISABLED', 'EXPIRED', 'FAILED']);
    ca.statusBeforeDeletion = effectiveStatus(ca, nowMs);
    ca.restorableUntil = nowMs + (input.PermanentDeletionTimeInDays ?? 30) * DAY_MS;
    setStatus(ca, 'DELETED', nowMs);
    return {};
  },
});
