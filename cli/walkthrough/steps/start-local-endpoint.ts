import { createAwsClients } from '../../../lib/aws/clients.ts';
import { createLogger } from '../../../lib/logger.ts';
import { startAwsLocal } from '../../../services/aws-local/server.ts';
import { installProjectFunctions } from '../../local-wiring/project-functions.ts';
import { RENEWAL_QUEUE_NAME } from '../../local-wiring/local-names.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../agent-environment.ts';
import { localControl } from '../local-control.ts';
import type { WalkthroughStep } from '../walkthrough-context.ts';

/**
 * The emulated clock starts this far in the past, so that ACM's renewal point
 * (60 days before the 395-day expiry) falls before real time: the renewed
 * certificates are then valid for the real TLS handshakes of this machine.
 */
const CLOCK_START_DAYS_AGO = 340;
const DAY_MS = 86_400_000;

/** Step 1: aws-local on the requested port, with the project's Lambdas and EventBridge rules installed. */
export const startLocalEndpoint: WalkthroughStep<'endpoint'> = {
  fact: 'endpoint',
  title: () => 'start the embedded local AWS endpoint with the project Lambdas, rules and renewal queue',
  async run(ctx) {
    const local = await startAwsLocal({
      host: '127.0.0.1',
      port: ctx.options.port,
      stateDir: ctx.workspace.stateDir,
      startClockAt: new Date(Date.now() - CLOCK_START_DAYS_AGO * DAY_MS),
      // AWS's default request-rate quotas, as `pca-mtls local` applies them: the flow must live with throttling.
      defaultQuotas: true,
    });
    const functions = await installProjectFunctions(local, {
      region: LOCAL_REGION,
      logger: createLogger({ name: 'pca-mtls-functions', level: process.env.LOG_LEVEL ?? 'warn' }),
    });
    ctx.running.local = local;
    return {
      local,
      clients: createAwsClients({ endpoint: local.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
      control: localControl(local.url),
      logger: createLogger({ name: 'pca-mtls-walkthrough', level: process.env.LOG_LEVEL ?? 'warn' }),
      now: () => local.app.awsLocal.env.clock.now(),
      functions,
    };
  },
  summarize: ({ local }) =>
    `${local.url}; ACM events → queue ${RENEWAL_QUEUE_NAME} → pca-mtls-renew; clock starts ${CLOCK_START_DAYS_AGO} days ago so the renewal later is valid in real time`,
};
