import type { AwsClients } from '../../../lib/aws/clients.ts';
import type { ExportResult } from '../../../lib/identity/export-identity.ts';
import { GATEWAY, TELLER } from '../color-app.ts';
import { verifyEnvoySides, type EnvoySide } from '../envoy-data-plane.ts';
import {
  envoyMode,
  factOf,
  type GatewayAnswer,
  type Serials,
  type WalkthroughContext,
  type WalkthroughStep,
} from '../walkthrough-context.ts';

/** Step 10: both sides presented the certificate stored in Secrets Manager; returns the serials in use. */
export const verifyMutualTls: WalkthroughStep<'serialsBefore'> = {
  fact: 'serialsBefore',
  title: () =>
    'mutual TLS verified: each side presented the certificate stored in Secrets Manager and checked the other',
  async run(ctx) {
    const exported = factOf(ctx, 'exported');
    if (envoyMode(ctx)) return verifiedThroughEnvoy(factOf(ctx, 'endpoint').clients, envoySides(ctx), exported);
    return verifiedByTheApps(factOf(ctx, 'answers'), exported);
  },
  summarize: (serials, ctx) =>
    envoyMode(ctx)
      ? `pca-mtls verify on both Envoy admin ports: every listener and cluster mTLS, loaded serials ${serials.gateway} (gateway) and ${serials.teller} (teller) current`
      : `teller authenticated gateway (client serial ${serials.gateway}), gateway authenticated teller (server serial ${serials.teller}); with Envoy, \`pca-mtls verify\` reads the same from its admin stats`,
};

/** Both Envoys, teller's first (Envoy mode only). */
export function envoySides(ctx: WalkthroughContext): EnvoySide[] {
  return [factOf(ctx, 'teller').envoy, factOf(ctx, 'gateway').envoy].filter((side) => side !== undefined);
}

/** Direct mode: the serials each app saw in the handshake (in the first answer) against the secrets. */
function verifiedByTheApps(answers: readonly GatewayAnswer[], exported: readonly ExportResult[]): Serials {
  const gatewaySecret = exported.find((r) => r.identity === GATEWAY.identity)!;
  const tellerSecret = exported.find((r) => r.identity === TELLER.identity)!;
  const [seen] = answers;
  if (!seen) throw new Error('the gateway gave no answer to check');
  if (seen.callerSerial !== gatewaySecret.serial)
    throw new Error(`colorteller saw client serial ${seen.callerSerial}, the secret holds ${gatewaySecret.serial}`);
  if (seen.teller?.serial !== tellerSecret.serial)
    throw new Error(`colorgateway saw server serial ${seen.teller?.serial}, the secret holds ${tellerSecret.serial}`);
  return { gateway: gatewaySecret.serial, teller: tellerSecret.serial };
}

/** Envoy mode: `pca-mtls verify` on both admin ports, against the secrets' current serials. */
async function verifiedThroughEnvoy(
  clients: AwsClients,
  sides: readonly EnvoySide[],
  exported: readonly ExportResult[],
): Promise<Serials> {
  const reports = await verifyEnvoySides(clients, sides);
  const problems = reports.flatMap((r) => r.admins.flatMap((a) => a.problems.map((p) => `${a.url}: ${p}`)));
  if (problems.length > 0) throw new Error(`pca-mtls verify: ${problems.join('; ')}`);
  const serialOf = (identity: string) => exported.find((r) => r.identity === identity)!.serial;
  return { gateway: serialOf(GATEWAY.identity), teller: serialOf(TELLER.identity) };
}
