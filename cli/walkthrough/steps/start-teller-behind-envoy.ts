import { join } from 'node:path';
import { agentCommonArgs, agentEnvironment, appLogger } from '../agent-environment.ts';
import { TELLER } from '../color-app.ts';
import { startTellerBehindEnvoy as startBehindEnvoy, type AgentLaunch } from '../envoy-data-plane.ts';
import type { WalkthroughContext, WalkthroughStep } from '../walkthrough-context.ts';

/** How the Envoy-mode steps launch an agent supervising Envoy. */
export function envoyLaunch(ctx: WalkthroughContext): AgentLaunch {
  return {
    envoy: ctx.options.envoy!,
    filesDir: ctx.workspace.filesDir,
    env: agentEnvironment(ctx),
    commonArgs: agentCommonArgs(ctx),
  };
}

/** Step 6, Envoy mode: colorteller's agent supervising Envoy, colorteller behind that Envoy's mTLS listener. */
export const startTellerBehindEnvoy: WalkthroughStep<'teller'> = {
  fact: 'teller',
  title: (ctx) =>
    `start ${TELLER.identity}'s agent in watch mode supervising Envoy (${ctx.options.envoy}), colorteller behind it`,
  async run(ctx) {
    const started = await startBehindEnvoy(envoyLaunch(ctx), appLogger());
    ctx.running.agents.push(started.side.agent);
    ctx.running.teller = started.app;
    return {
      url: started.app.url,
      mtlsUrl: started.listenerUrl,
      outDir: join(ctx.workspace.filesDir, TELLER.identity),
      agentPid: started.side.agent.pid,
      envoy: started.side,
    };
  },
  summarize: (teller) =>
    `Envoy mTLS listener ${teller.mtlsUrl} → colorteller ${teller.url}; admin ${teller.envoy?.adminUrl ?? '?'}`,
};
