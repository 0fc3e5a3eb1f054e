import { GATEWAY, TELLER } from '../color-app.ts';
import { envoyMode, factOf, type GatewayAnswer, type WalkthroughStep } from '../walkthrough-context.ts';

const REQUESTS_SHOWN = 3;

/** Step 8: a few `GET /color` through the gateway; colorteller must name the gateway as its caller. */
export const callTellerThroughGateway: WalkthroughStep<'answers'> = {
  fact: 'answers',
  title: () => 'gateway → teller over mutual TLS: requests succeed and show who called',
  async run(ctx) {
    const gatewayUrl = factOf(ctx, 'gateway').url;
    const replies = [];
    for (let i = 0; i < REQUESTS_SHOWN; i++) {
      const response = await fetch(`${gatewayUrl}/color`);
      const body = (await response.json()) as GatewayAnswer;
      if (!response.ok) throw new Error(`GET /color answered HTTP ${response.status}: ${JSON.stringify(body)}`);
      if (body.caller !== GATEWAY.domain)
        throw new Error(`colorteller saw caller '${body.caller}', expected ${GATEWAY.domain}`);
      if (!envoyMode(ctx) && body.teller?.identity !== TELLER.domain)
        throw new Error(
          `the gateway verified '${body.teller?.identity}', expected ${TELLER.domain} (answer: ${JSON.stringify(body)})`,
        );
      replies.push(body);
    }
    return replies;
  },
  summarize: (replies) => replies.map((r) => `${r.color} (caller ${r.caller})`).join(', '),
};
