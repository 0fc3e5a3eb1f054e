import { join } from 'node:path';
import { startColorGateway } from '../../../services/colorgateway/server.ts';
import { agentCommonArgs, agentEnvironment, appLogger } from '../agent-environment.ts';
import { startAgentProcess } from '../agent-process.ts';
import { GATEWAY, TELLER } from '../color-app.ts';
import { factOf, type WalkthroughStep } from '../walkthrough-context.ts';

/** Step 7, direct mode: colorgateway's agent in watch mode, then colorgateway calling colorteller over mTLS. */
export const startGatewayAgent: WalkthroughStep<'gateway'> = {
  fact: 'gateway',
  title: () =>
    `start ${GATEWAY.identity}'s agent in watch mode, then the data plane (no envoy binary on PATH: direct mode, the apps speak mTLS themselves from the agents' files; --envoy PATH for Envoy mode)`,
  async run(ctx) {
    const teller = factOf(ctx, 'teller');
    const tellerUrl = new URL(teller.url);
    const outDir = join(ctx.workspace.filesDir, GATEWAY.identity);
    const agent = await startAgentProcess({
      outDir,
      env: agentEnvironment(ctx),
      args: [
        ...['--secret-id', `pca-mtls/${GATEWAY.identity}`, '--out-dir', outDir],
        ...['--role', 'client', '--server-san', TELLER.domain, '--upstream', `${tellerUrl.hostname}:${tellerUrl.port}`],
        ...agentCommonArgs(ctx),
      ],
    });
    ctx.running.agents.push(agent);
    const gateway = (ctx.running.gateway = await startColorGateway({
      tlsDir: agent.outDir,
      port: 0,
      host: '127.0.0.1',
      tellerUrl: teller.url,
      tellerSan: TELLER.domain,
      logger: appLogger(),
    }));
    return { url: gateway.url };
  },
  summarize: (gateway, ctx) => `colorgateway on ${gateway.url} → colorteller ${factOf(ctx, 'teller').url}`,
};
