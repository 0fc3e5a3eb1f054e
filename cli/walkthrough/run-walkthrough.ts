import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../describe-error.js';
import type { CliIo } from '../io.js';
import { RunningParts } from './running-parts.js';
import { StepReporter } from './step-reporter.js';
import { callTellerThroughGateway } from './steps/call-teller-through-gateway.js';
import { createRootCas } from './steps/create-root-cas.js';
import { exportIdentities } from './steps/export-identities.js';
import { publishTrustBundle } from './steps/publish-trust-bundle.js';
import { refuseAnonymousClient } from './steps/refuse-anonymous-client.js';
import { renewUnderTraffic } from './steps/renew-under-traffic.js';
import { requestCertificates } from './steps/request-certificates.js';
import { startGatewayAgent } from './steps/start-gateway-agent.js';
import { startGatewayBehindEnvoy } from './steps/start-gateway-behind-envoy.js';
import { startLocalEndpoint } from './steps/start-local-endpoint.js';
import { startTellerAgent } from './steps/start-teller-agent.js';
import { startTellerBehindEnvoy } from './steps/start-teller-behind-envoy.js';
import { summarize } from './steps/summarize.js';
import { verifyMutualTls } from './steps/verify-mutual-tls.js';
import {
  factOf,
  type WalkthroughContext,
  type WalkthroughFacts,
  type WalkthroughOptions,
  type WalkthroughStep,
  type Workspace,
} from './walkthrough-context.js';

export { WALKTHROUGH_FAULTS, type WalkthroughFault, type WalkthroughOptions } from './walkthrough-context.js';

type AnyStep = { [K in keyof WalkthroughFacts]: WalkthroughStep<K> }[keyof WalkthroughFacts];

/** The story in order; only the data plane (steps 6 and 7) differs between direct and Envoy mode. */
export function walkthroughSteps(options: Pick<WalkthroughOptions, 'envoy'>): readonly AnyStep[] {
  const dataPlane: AnyStep[] =
    options.envoy === undefined
      ? [startTellerAgent, startGatewayAgent]
      : [startTellerBehindEnvoy, startGatewayBehindEnvoy];
  return [
    startLocalEndpoint,
    createRootCas,
    requestCertificates,
    exportIdentities,
    publishTrustBundle,
    ...dataPlane,
    callTellerThroughGateway,
    refuseAnonymousClient,
    verifyMutualTls,
    renewUnderTraffic,
    summarize,
  ];
}

/**
 * `npm start`: the whole pca-mtls story on one machine, step by step, on the
 * embedded local AWS endpoint. Prints ARNs, serials, versions and dates —
 * never key material or secret contents. Throws `StepFailedError` naming the
 * step that did not hold.
 */
export async function runWalkthrough(options: WalkthroughOptions, io: CliIo): Promise<void> {
  const running = new RunningParts();
  try {
    const ctx: WalkthroughContext = {
      options,
      io,
      running,
      workspace: await makeWorkspace(options, running),
      facts: {},
    };
    const steps = walkthroughSteps(options);
    const reporter = new StepReporter(io, steps.length, describeError);
    for (const step of steps) await runStep(reporter, ctx, step as WalkthroughStep<keyof WalkthroughFacts>);
    if (options.serveUntil) {
      io.err('');
      io.err(
        `Still running: colorgateway ${factOf(ctx, 'gateway').url}/color, colorteller ${factOf(ctx, 'teller').url} (mTLS), aws-local ${factOf(ctx, 'endpoint').local.url} (AWS_ENDPOINT_URL).`,
      );
      io.err('Press Ctrl-C to stop.');
      await options.serveUntil();
    }
  } finally {
    await running.stop(options.stateDir);
  }
}

async function runStep<K extends keyof WalkthroughFacts>(
  reporter: StepReporter,
  ctx: WalkthroughContext,
  step: WalkthroughStep<K>,
): Promise<void> {
  ctx.facts[step.fact] = await reporter.run(
    step.title(ctx),
    () => step.run(ctx),
    step.summarize && ((fact) => step.summarize!(fact, ctx)),
  );
}

/** The endpoint's state directory and the agents' files directory, on /dev/shm where there is one. */
async function makeWorkspace(options: WalkthroughOptions, running: RunningParts): Promise<Workspace> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'pca-mtls-walkthrough-')));
  running.dirs.push(stateDir);
  const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const filesDir = await mkdtemp(join(shm, 'pca-mtls-walkthrough-'));
  running.dirs.push(filesDir);
  return { stateDir, filesDir, memoryBacked: shm === '/dev/shm' };
}
