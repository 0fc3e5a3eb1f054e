import { createLogger, type Logger } from '../../lib/logger.ts';
import { DEFAULT_LOCAL_REGION } from '../local-wiring/local-names.ts';
import type { WalkthroughContext } from './walkthrough-context.ts';
import { factOf } from './walkthrough-context.ts';

/** Credentials for the embedded endpoint only: it accepts any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDPCAMTLSLOCAL', secretAccessKey: 'pca-mtls-local' };
/** Where `pca-mtls local` installs the project rules by default. */
export const LOCAL_REGION = DEFAULT_LOCAL_REGION;
/** Agents ask Secrets Manager for a new version this often in the walkthrough (the agent's default is 5 min). */
export const AGENT_WATCH_INTERVAL = '1s';

/** The agents' environment: the embedded endpoint, its credentials, info-level JSON logs. */
export function agentEnvironment(ctx: WalkthroughContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL: factOf(ctx, 'endpoint').local.url,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    LOG_LEVEL: 'info',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Flags every agent gets: the watch interval, and --allow-disk where there is no tmpfs. */
export function agentCommonArgs(ctx: WalkthroughContext): string[] {
  return ['--watch-interval', AGENT_WATCH_INTERVAL, ...(ctx.workspace.memoryBacked ? [] : ['--allow-disk'])];
}

/** The demo apps' logger: quiet unless LOG_LEVEL asks. */
export function appLogger(): Logger {
  return createLogger({ name: 'pca-mtls-demo', level: process.env.LOG_LEVEL ?? 'warn' });
}
