import { createLogger } from '../../lib/logger.ts';
import { parseAgentConfig } from './config.ts';
import { describeAgentError } from './errors.ts';
import { checkAndRotate, type InPlaceVersions } from './in-process-worker.ts';
import { bootstrap, type AgentDependencies } from './bootstrap.ts';
import type { AgentClients } from './fetch-material.ts';
import type { WorkerReport } from './worker-report.ts';

export interface WorkerMainDependencies {
  env?: Readonly<Record<string, string | undefined>>;
  stdout?: (text: string) => void;
  clients: (env: Readonly<Record<string, string | undefined>>) => AgentClients;
}

/**
 * The child's side: `start -` or `check <["identityVersionId","trustVersionId"]|->`,
 * then the agent's own flags. Prints one WorkerReport line on stdout (no
 * secret: what /healthz shows) and returns 0, or 1 when the operation failed.
 */
export async function runMaterialWorker(argv: readonly string[], deps: WorkerMainDependencies): Promise<number> {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? ((text: string) => process.stdout.write(text));
  const [op, versions = '-', ...flags] = argv;
  const print = (report: WorkerReport) => stdout(`${JSON.stringify(report)}\n`);
  const logger = createLogger({ name: 'pca-mtls-agent', level: env.LOG_LEVEL });
  try {
    const config = parseAgentConfig(flags, env);
    const agentDeps: AgentDependencies = { clients: deps.clients(env), logger, now: () => new Date() };
    if (op === 'start') {
      print({ op: 'start', ok: true, result: await bootstrap(config, agentDeps) });
      return 0;
    }
    if (op !== 'check') throw new Error(`unknown material worker operation ${JSON.stringify(op)}`);
    const log = logger.child({ secretId: config.secretId, role: config.role, component: 'watch' });
    const report = await checkAndRotate(config, agentDeps, inPlaceVersions(versions), log);
    print({ op: 'check', report });
    return report.outcome === 'failed' ? 1 : 0;
  } catch (err) {
    const { code, message } = describeAgentError(err);
    if (op === 'check') print({ op: 'check', report: { outcome: 'failed', code, message } });
    else print({ op: 'start', ok: false, code, message });
    return 1;
  }
}

/** The versions in place, as the resident agent passed them. */
function inPlaceVersions(versions: string): InPlaceVersions | undefined {
  if (versions === '-') return undefined;
  const parsed: unknown = JSON.parse(versions);
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((v) => typeof v === 'string'))
    throw new Error('malformed in-place versions');
  const [identityVersionId, trustVersionId] = parsed as [string, string];
  return { identityVersionId, trustVersionId };
}
