import { join } from 'node:path';
import { startColorTeller } from '../../../services/colorteller/server.ts';
import { agentCommonArgs, agentEnvironment, appLogger } from '../agent-environment.ts';
import { startAgentProcess } from '../agent-process.ts';
import { GATEWAY, TELLER } from '../color-app.ts';
import type { WalkthroughStep } from '../walkthrough-context.ts';

/** Step 6, direct mode: colorteller's agent in watch mode, then colorteller serving mTLS from its files. */
export const startTellerAgent: WalkthroughStep<'teller'> = {
  fact: 'teller',
  title: (ctx) =>
    `start ${TELLER.identity}'s agent in watch mode (fetch, verify, write to ${ctx.workspace.memoryBacked ? 'memory-backed' : 'disk (no /dev/shm here)'} files, render Envoy config)`,
  async run(ctx) {
    const outDir = join(ctx.workspace.filesDir, TELLER.identity);
    const agent = await startAgentProcess({
      outDir,
      env: agentEnvironment(ctx),
      args: [
        ...['--secret-id', `pca-mtls/${TELLER.identity}`, '--out-dir', outDir],
        ...['--role', 'server', '--allow-peer-san', GATEWAY.domain],
        ...agentCommonArgs(ctx),
      ],
    });
    ctx.running.agents.push(agent);
    const teller = (ctx.running.teller = await startColorTeller({
      tlsDir: agent.outDir,
      port: 0,
      host: '127.0.0.1',
      allowedClientSans: [GATEWAY.domain],
      logger: appLogger(),
    }));
    return { url: teller.url, mtlsUrl: teller.url, outDir, agentPid: agent.pid };
  },
  summarize: (teller) =>
    `pid ${teller.agentPid}, files in ${teller.outDir}; colorteller serves HTTPS (direct mode) on ${teller.url}`,
};
