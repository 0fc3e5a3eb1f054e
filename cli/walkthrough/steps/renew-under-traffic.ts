import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import type { AwsClients } from '../../../lib/aws/clients.ts';
import { pollUntil } from '../../../lib/poll-until.ts';
import { normalizeSerial } from '../../../lib/serial.ts';
import { GATEWAY, TELLER } from '../color-app.ts';
import { deploymentsOf } from '../ecs-setup.ts';
import { loadedSerials, verifyEnvoySides, type EnvoySide } from '../envoy-data-plane.ts';
import type { LocalControl } from '../local-control.ts';
import { advanceToRenewal, type RenewalEvent, type RenewalPath } from '../renewal.ts';
import { startTraffic, type Traffic } from '../traffic.ts';
import {
  envoyMode,
  factOf,
  type IssuedIdentity,
  type RenewalOutcome,
  type Serials,
  type WalkthroughStep,
} from '../walkthrough-context.ts';
import { envoySides } from './verify-mutual-tls.ts';

const ROTATION_TIMEOUT_MS = 60_000;
/** Let a few more requests run on the new material before judging. */
const SETTLE_AFTER_ROTATION_MS = 500;

/** Step 11: ACM's renewal point with traffic flowing; every request must succeed through the rotation. */
export const renewUnderTraffic: WalkthroughStep<'renewal'> = {
  fact: 'renewal',
  title: () =>
    "advance the clock to ACM's renewal point with traffic flowing: event → queue → renew Lambda → new versions → agent rotation and ECS redeploy",
  run(ctx) {
    const { clients, control, functions } = factOf(ctx, 'endpoint');
    const sides = envoySides(ctx);
    return renew({
      clients,
      control,
      functions,
      issued: factOf(ctx, 'issued'),
      serialsBefore: factOf(ctx, 'serialsBefore'),
      gatewayUrl: factOf(ctx, 'gateway').url,
      rotationSeen: envoyMode(ctx) ? (serials) => envoysLoaded(clients, sides, serials) : undefined,
    });
  },
  summarize: (r, ctx) =>
    `${r.traffic.requests} requests, ${r.traffic.failures} failed; teller serial ${factOf(ctx, 'serialsBefore').teller} → ${r.newTellerSerial}`,
};

interface RenewInput {
  clients: AwsClients;
  control: LocalControl;
  functions: RenewalPath;
  issued: readonly IssuedIdentity[];
  serialsBefore: Serials;
  gatewayUrl: string;
  /** Envoy mode: whether both Envoys serve the new serials (the apps cannot see certificates there). */
  rotationSeen?: (serials: string[]) => Promise<boolean>;
}

async function renew(input: RenewInput): Promise<RenewalOutcome> {
  const { clients, serialsBefore } = input;
  const deploymentsBefore = await deploymentsOf(clients.ecs, GATEWAY.ecsService!);
  const traffic = startTraffic(input.gatewayUrl);
  try {
    const { events, newTellerSerial, newGatewaySerial } = await renewalWritten(input);
    await rotationArrived(input, traffic, [newTellerSerial, newGatewaySerial]);
    const deployments = await deploymentsOf(clients.ecs, GATEWAY.ecsService!);
    const primary = deployments.find((d) => d.status === 'PRIMARY');
    if (!primary || deploymentsBefore.some((d) => d.id === primary.id))
      throw new Error(`no new PRIMARY deployment of ${GATEWAY.ecsService}`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_AFTER_ROTATION_MS));
    const report = await traffic.stop();
    if (input.rotationSeen) {
      // Behind Envoy the serials come from both Envoys' /certs (step 10, then the poll), not from the apps.
      report.tellerSerials = [serialsBefore.teller, newTellerSerial];
      report.gatewaySerials = [serialsBefore.gateway, newGatewaySerial];
    }
    if (report.failures > 0)
      throw new Error(
        `${report.failures} of ${report.requests} requests failed during the rotation: ${report.failureReasons.join('; ')}`,
      );
    if (serialsBefore.teller === newTellerSerial) throw new Error('the teller serial did not change');
    return {
      events,
      newTellerSerial,
      newGatewaySerial,
      deploymentsBefore: deploymentsBefore.length,
      newDeployment: { id: primary.id!, status: primary.status!, rolloutState: primary.rolloutState ?? '' },
      traffic: report,
    };
  } finally {
    await traffic.stop();
  }
}

/** Moves the clock to the renewal point; the renew Lambda must have written one new version per identity. */
async function renewalWritten(
  input: RenewInput,
): Promise<{ events: RenewalEvent[]; newTellerSerial: string; newGatewaySerial: string }> {
  const { clients, issued } = input;
  const certificateArns = issued.map((i) => i.certificate.CertificateArn!);
  const notAfters = await Promise.all(
    certificateArns.map(
      async (arn) =>
        (await clients.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!.NotAfter!,
    ),
  );
  const { events } = await advanceToRenewal(input.control, input.functions, notAfters, certificateArns);
  if (events.length !== issued.length)
    throw new Error(`expected ${issued.length} ACM Certificate Available (RENEWAL) events, saw ${events.length}`);
  const written = events.flatMap((e) => e.delivery.summary?.versionsWritten ?? []);
  const undelivered = events.filter((e) => e.delivery.status !== 'SUCCEEDED');
  if (undelivered.length > 0)
    throw new Error(
      `the events rule did not deliver to the renewal queue for ${undelivered.map((e) => e.certificateArn).join(', ')}`,
    );
  const newTellerSerial = written.find((w) => w.identity === TELLER.identity)?.serial;
  const newGatewaySerial = written.find((w) => w.identity === GATEWAY.identity)?.serial;
  if (!newTellerSerial || !newGatewaySerial)
    throw new Error('the renew Lambda wrote no new version for one of the identities');
  return { events, newTellerSerial, newGatewaySerial };
}

/**
 * The agents notice the new AWSCURRENT version on their next watch tick and swap the files;
 * the apps pick the new files up without a restart, and the traffic sees it in new handshakes.
 */
async function rotationArrived(input: RenewInput, traffic: Traffic, [teller, gateway]: [string, string]) {
  await pollUntil(
    async () => {
      if (input.rotationSeen) return (await input.rotationSeen([teller, gateway])) || undefined;
      const seen = traffic.snapshot();
      return seen.tellerSerials.includes(teller) && seen.gatewaySerials.includes(gateway) ? true : undefined;
    },
    { what: 'the new serials in live traffic', timeoutMs: ROTATION_TIMEOUT_MS, maxIntervalMs: 250 },
  );
}

/** Whether every one of `serials` is loaded by one of the Envoys (their /certs, read through verify). */
async function envoysLoaded(clients: AwsClients, sides: readonly EnvoySide[], serials: string[]): Promise<boolean> {
  const loaded = new Set(loadedSerials(await verifyEnvoySides(clients, sides)).map(normalizeSerial));
  return serials.every((serial) => loaded.has(normalizeSerial(serial)));
}
