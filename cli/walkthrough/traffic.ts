/** What continuous traffic through the gateway saw. */
export interface TrafficReport {
  requests: number;
  failures: number;
  /** Distinct failure reasons (status or error), at most a few. */
  failureReasons: string[];
  /** Serials of colorteller's certificate, in the order they were first seen. */
  tellerSerials: string[];
  /** Serials of colorgateway's client certificate as colorteller saw them. */
  gatewaySerials: string[];
}

export interface Traffic {
  snapshot(): TrafficReport;
  stop(): Promise<TrafficReport>;
}

export const TRAFFIC_INTERVAL_MS = 50;
const REQUEST_TIMEOUT_MS = 5_000;
const MAX_REASONS = 5;

/** Sends `GET /color` to the gateway back to back until stopped, counting every failure. */
export function startTraffic(gatewayUrl: string, intervalMs = TRAFFIC_INTERVAL_MS): Traffic {
  const report: TrafficReport = { requests: 0, failures: 0, failureReasons: [], tellerSerials: [], gatewaySerials: [] };
  let running = true;
  const note = (list: string[], value: string | undefined) => {
    if (value && !list.includes(value)) list.push(value);
  };
  const loop = (async () => {
    while (running) {
      report.requests++;
      try {
        const response = await fetch(`${gatewayUrl}/color`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const body = (await response.json()) as { teller?: { serial?: string }; callerSerial?: string };
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        note(report.tellerSerials, body.teller?.serial);
        note(report.gatewaySerials, body.callerSerial);
      } catch (err) {
        report.failures++;
        const reason = (err as Error).message;
        if (report.failureReasons.length < MAX_REASONS && !report.failureReasons.includes(reason))
          report.failureReasons.push(reason);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    snapshot: () => structuredClone(report),
    stop: async () => {
      running = false;
      await loop;
      return structuredClone(report);
    },
  };
}
