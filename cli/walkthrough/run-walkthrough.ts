import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../describe-error.ts';
import type { CliIo } from '../io.ts';
import { RunningParts } from './running-parts.ts';
import { StepReporter } from './step-reporter.ts';
import { callTellerThroughGateway } from './steps/call-teller-through-gateway.ts';
import { createRootCas } from './steps/create-root-cas.ts';
import { exportIdentities } from './steps/export-identities.ts';
import { publishTrustBundle } from './steps/publish-trust-bundle.ts';
import { refuseAnonymousClient } from './steps/refuse-anonymous-client.ts';
import { renewUnderTraffic } from './steps/renew-under-traffic.ts';
import { requestCertificates } from './steps/request-certificates.ts';
import { startGatewayAgent } from './steps/start-gateway-agent.ts';
import { startGatewayBehindEnvoy } from './steps/start-gateway-behind-envoy.ts';
import { startLocalEndpoint } from './steps/start-local-endpoint.ts';
import { startTellerAgent } from './steps/start-teller-agent.ts';
import { startTellerBehindEnvoy } from './steps/start-teller-behind-envoy.ts';
import { summarize } from './steps/summarize.ts';
import { verifyMutualTls } from './steps/verify-mutual-tls.ts';
import {
  factOf,
  type WalkthroughContext,
  type WalkthroughFacts,
  type WalkthroughOptions,
  type WalkthroughStep,
  type Workspace,
} from './walkthrough-context.ts';

export { WALKTHROUGH_FAULTS, type WalkthroughFault, type WalkthroughOptions } from './walkthrough-context.ts';

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
