import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { COLOR_APP_IDENTITIES } from '../color-app.ts';
import { factOf, type WalkthroughStep } from '../walkthrough-context.ts';

/** Step 2: one active root CA in AWS Private CA per demo identity. */
export const createRootCas: WalkthroughStep<'cas'> = {
  fact: 'cas',
  title: () => 'create and activate one root CA per identity (EC P-256)',
  run(ctx) {
    const { clients } = factOf(ctx, 'endpoint');
    return Promise.all(
      COLOR_APP_IDENTITIES.map(async (demo) => ({
        demo,
        ca: await createRootCa(clients.pca, { commonName: demo.caCommonName, keyAlgorithm: demo.keyAlgorithm }),
      })),
    );
  },
  summarize: (created) => created.map(({ demo, ca }) => `${demo.identity}: ${ca.caArn}`).join(', '),
};
