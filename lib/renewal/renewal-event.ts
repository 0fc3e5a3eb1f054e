/**
 * What the renew function was invoked with: one of ACM's events (EventBridge
 * delivers the whole event), EventBridge's scheduled event for the sweep, or
 * a direct invoke `{"action": "sweep"}`.
 */
export type RenewalTrigger =
  | { kind: 'certificate-available'; certificateArn: string; action: string }
  | { kind: 'approaching-expiration'; certificateArn: string; daysToExpiry?: number }
  | { kind: 'action-required'; certificateArn: string; reason: string; daysToExpiry?: number }
  | { kind: 'expired'; certificateArn: string }
  | { kind: 'sweep'; detailType: string }
  | { kind: 'unrecognized'; description: string };

export const ACM_DETAIL_TYPES = {
  available: 'ACM Certificate Available',
  approaching: 'ACM Certificate Approaching Expiration',
  actionRequired: 'ACM Certificate Renewal Action Required',
  expired: 'ACM Certificate Expired',
} as const;

type Raw = { source?: unknown; 'detail-type'?: unknown; resources?: unknown; detail?: unknown; action?: unknown };

export function classifyRenewalEvent(event: unknown): RenewalTrigger {
  const raw = (event ?? {}) as Raw;
  if (typeof raw !== 'object') return { kind: 'unrecognized', description: typeof event };
  if (raw.action === 'sweep') return { kind: 'sweep', detailType: 'sweep' };
  const detailType = typeof raw['detail-type'] === 'string' ? raw['detail-type'] : undefined;
  if (raw.source === 'aws.events' && detailType === 'Scheduled Event') return { kind: 'sweep', detailType };
  const detail = (raw.detail ?? {}) as Record<string, unknown>;
  const certificateArn =
    Array.isArray(raw.resources) && typeof raw.resources[0] === 'string' ? raw.resources[0] : undefined;
  const days = typeof detail.DaysToExpiry === 'number' ? detail.DaysToExpiry : undefined;
  if (raw.source === 'aws.acm' && certificateArn) {
    switch (detailType) {
      case ACM_DETAIL_TYPES.available:
        return {
          kind: 'certificate-available',
          certificateArn,
          action: typeof detail.Action === 'string' ? detail.Action : '',
        };
      case ACM_DETAIL_TYPES.approaching:
        return { kind: 'approaching-expiration', certificateArn, daysToExpiry: days };
      case ACM_DETAIL_TYPES.actionRequired:
        return {
          kind: 'action-required',
          certificateArn,
          reason: typeof detail.RenewalStatusReason === 'string' ? detail.RenewalStatusReason : 'OTHER',
          daysToExpiry: days,
        };
      case ACM_DETAIL_TYPES.expired:
        return { kind: 'expired', certificateArn };
      default:
        break;
    }
  }
  return { kind: 'unrecognized', description: `source ${String(raw.source)}, detail-type ${String(detailType)}` };
}
