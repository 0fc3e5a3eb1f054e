import { ACM_MANAGED_RENEWAL_DAYS } from '../../lib/renewal/renewal-options.ts';
import type { RenewalSummary } from '../../lib/renewal/renewal-summary.ts';
import type { LocalControl } from './local-control.ts';

/** ACM renews exported private certificates this long before they expire. */
export const ACM_RENEWAL_LEAD_MS = ACM_MANAGED_RENEWAL_DAYS * 86_400_000;
const SETTLE_TIMEOUT_MS = 120_000;

export interface RenewalEvent {
  id: string;
  time: string;
  certificateArn: string;
  /** EventBridge's delivery to the renewal queue, and what the renew Lambda made of the queued event. */
  delivery: { status: string; attempts: number; summary?: RenewalSummary };
}

/** Where the events go and what the function reported: the endpoint's ProjectFunctions, narrowed. */
export interface RenewalPath {
  renewalQueue: { queueArn: string };
  renewSummaries(): readonly RenewalSummary[];
}

interface EventView {
  id: string;
  time: string;
  resources: string[];
  detail: { Action?: string };
  deliveries: { targetArn: string; status: string; attempts: number; result?: unknown }[];
}

/**
 * Moves the shared clock just past ACM's renewal point of the earliest of the
 * certificates, waits until aws-local has delivered what that caused (the
 * rule → the queue → the event source mapping → the renew Lambda), and
 * returns the `ACM Certificate Available` (RENEWAL) events with their
 * delivery to the queue and the renew Lambda's summary of each.
 */
export async function advanceToRenewal(
  control: LocalControl,
  path: RenewalPath,
  notAfters: readonly Date[],
  certificateArns: readonly string[],
): Promise<{ clock: string; events: RenewalEvent[] }> {
  const renewalPoint = Math.min(...notAfters.map((d) => d.getTime())) - ACM_RENEWAL_LEAD_MS + 60_000;
  const clock = await control.call<{ now: string }>('POST', 'clock', { now: new Date(renewalPoint).toISOString() });
  await control.call('POST', 'settle', { timeoutMs: SETTLE_TIMEOUT_MS });
  const { events } = await control.call<{ events: EventView[] }>(
    'GET',
    `events?detailType=${encodeURIComponent('ACM Certificate Available')}`,
  );
  const renewals = events.flatMap((e) => {
    const [certificateArn] = e.resources;
    if (e.detail.Action !== 'RENEWAL' || certificateArn === undefined || !certificateArns.includes(certificateArn)) {
      return [];
    }
    const delivery = e.deliveries.find((d) => d.targetArn === path.renewalQueue.queueArn);
    const event: RenewalEvent = {
      id: e.id,
      time: e.time,
      certificateArn,
      delivery: {
        status: delivery?.status ?? 'NOT_DELIVERED',
        attempts: delivery?.attempts ?? 0,
        summary: summaryOf(path.renewSummaries(), certificateArn),
      },
    };
    return [event];
  });
  return { clock: clock.now, events: renewals };
}

/** The renew Lambda's last summary of a RENEWAL event for this certificate (a retried record has several). */
function summaryOf(summaries: readonly RenewalSummary[], certificateArn: string): RenewalSummary | undefined {
  return summaries.findLast((s) => s.trigger === 'ACM Certificate Available' && s.certificateArn === certificateArn);
}
