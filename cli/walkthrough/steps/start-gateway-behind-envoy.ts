import { GATEWAY } from '../color-app.ts';
import { startGatewayBehindEnvoy as startBehindEnvoy } from '../envoy-data-plane.ts';
import { appLogger } from '../agent-environment.ts';
import { factOf, type WalkthroughStep } from '../walkthrough-context.ts';
import { envoyLaunch } from './start-teller-behind-envoy.ts';

/** Step 7, Envoy mode: colorgateway's agent supervising Envoy, colorgateway calling out through its egress listener. */
export const startGatewayBehindEnvoy: WalkthroughStep<'gateway'> = {
  fact: 'gateway',
  title: () =>
    `start ${GATEWAY.identity}'s agent in watch mode supervising Envoy, colorgateway behind it (Envoy mode: Envoy does the mTLS)`,
  async run(ctx) {
    const started = await startBehindEnvoy(envoyLaunch(ctx), factOf(ctx, 'teller').mtlsUrl, appLogger());
    ctx.running.agents.push(started.side.agent);
    ctx.running.gateway = started.app;
    return { url: started.app.url, envoy: started.side };
  },
  summarize: (gateway, ctx) =>
    `colorgateway on ${gateway.url} → its Envoy → ${factOf(ctx, 'teller').mtlsUrl}; admin ${gateway.envoy?.adminUrl ?? '?'}`,
};
