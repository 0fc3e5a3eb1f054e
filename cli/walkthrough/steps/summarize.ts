import { printSummary } from '../print-summary.ts';
import { factOf, type WalkthroughStep } from '../walkthrough-context.ts';

/** Step 12: the closing report on stdout. */
export const summarize: WalkthroughStep<'summary'> = {
  fact: 'summary',
  title: () => 'summarize what was proven',
  run: async (ctx) =>
    printSummary(ctx.io, {
      endpoint: factOf(ctx, 'endpoint').local.url,
      issued: factOf(ctx, 'issued'),
      exported: factOf(ctx, 'exported'),
      trust: factOf(ctx, 'trust'),
      serialsBefore: factOf(ctx, 'serialsBefore'),
      renewal: factOf(ctx, 'renewal'),
    }),
};
