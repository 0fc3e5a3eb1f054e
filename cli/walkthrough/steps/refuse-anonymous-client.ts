import { currentMaterialPath } from '../../../lib/out-dir-layout.ts';
import { TELLER } from '../color-app.ts';
import { connectWithoutCertificate } from '../connect-without-certificate.ts';
import { envoyMode, factOf, type WalkthroughStep } from '../walkthrough-context.ts';

/** Step 9: a TLS client that trusts the bundle but shows no certificate must be refused. */
export const refuseAnonymousClient: WalkthroughStep<'refusal'> = {
  fact: 'refusal',
  title: (ctx) => `a client without a certificate is refused by colorteller${envoyMode(ctx) ? "'s Envoy" : ''}`,
  async run(ctx) {
    const teller = factOf(ctx, 'teller');
    const attempt = await connectWithoutCertificate(
      `${teller.mtlsUrl}/color`,
      currentMaterialPath(teller.outDir, 'trustBundle'),
      TELLER.domain,
    );
    if (!attempt.refused) throw new Error(`colorteller let an anonymous client in: ${attempt.detail}`);
    return attempt;
  },
  summarize: (attempt) => `refused (${attempt.detail})`,
};
