import { rm } from 'node:fs/promises';
import type { RunningAwsLocal } from '../../services/aws-local/server.ts';
import type { RunningColorGateway } from '../../services/colorgateway/server.ts';
import type { RunningColorTeller } from '../../services/colorteller/server.ts';
import type { AgentProcess } from './agent-process.ts';

/** Everything started along the way, stopped in reverse order whatever happens. */
export class RunningParts {
  local?: RunningAwsLocal;
  agents: AgentProcess[] = [];
  teller?: RunningColorTeller;
  gateway?: RunningColorGateway;
  dirs: string[] = [];

  async stop(keepStateDir: string | undefined): Promise<void> {
    await this.gateway?.close().catch(() => undefined);
    await this.teller?.close().catch(() => undefined);
    await Promise.all(this.agents.map((agent) => agent.stop().catch(() => undefined)));
    await this.local?.close().catch(() => undefined);
    for (const dir of this.dirs) if (dir !== keepStateDir) await rm(dir, { recursive: true, force: true });
  }
}
