import { addTrustedCa, type TrustBundleChange } from '../../../lib/trust/trust-bundle.ts';
import { DEFAULT_TRUST_SECRET_ID } from '../../../lib/vocabulary.ts';
import { GATEWAY } from '../color-app.ts';
import { factOf, type WalkthroughContext, type WalkthroughStep } from '../walkthrough-context.ts';

const faultInjected = (ctx: WalkthroughContext) => ctx.options.fault === 'trust-bundle-missing-ca';

/** Step 5: the trust bundle secret with every CA (or, with the fault injected, without the gateway's). */
export const publishTrustBundle: WalkthroughStep<'trust'> = {
  fact: 'trust',
  title: (ctx) =>
    faultInjected(ctx)
      ? `publish the trust bundle — FAULT INJECTED: without the ${GATEWAY.identity} CA`
      : 'publish the trust bundle with both CAs',
  async run(ctx) {
    const { clients } = factOf(ctx, 'endpoint');
    const cas = factOf(ctx, 'cas');
    const trusted = faultInjected(ctx) ? cas.filter(({ demo }) => demo !== GATEWAY) : cas;
    let change: TrustBundleChange | undefined;
    for (const { ca } of trusted) change = await addTrustedCa(clients, ca.caArn, DEFAULT_TRUST_SECRET_ID);
    return change!;
  },
  summarize: (change) => `${change.secretId}: ${change.bundle.cas.length} CA(s)`,
};
