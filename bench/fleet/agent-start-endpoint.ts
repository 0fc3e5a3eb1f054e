/**
 * The start burst's aws-local, in its own process so that the 2,000 agents'
 * clients and the endpoint answering them do not share one event loop (AWS
 * does not queue behind its callers' CPU). Exports I identities, applies AWS's
 * default quotas (the table `pca-mtls local` applies), prints
 * {"url","identities"} as one line, then answers stdin: `mark` starts counting
 * calls, `counts` prints what was answered since as one JSON line. Exits when
 * stdin closes. Started by agent-start-scenario.ts through tsx.
 */
import { createInterface } from 'node:readline';
import { AWS_DEFAULT_QUOTAS } from '../../services/aws-local/core/default-quotas.ts';
import { exportFleet } from './export-fleet.ts';
import { startWorld } from './world.ts';

const identities = Number(process.argv[2] ?? '200');
const world = await startWorld();
const names = await exportFleet(world, identities);
world.local.app.awsLocal.quota.apply(AWS_DEFAULT_QUOTAS);
process.stdout.write(`${JSON.stringify({ url: world.url, identities: names })}\n`);

let counted: (() => unknown) | undefined;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'mark') counted = world.mark();
  if (line === 'counts') process.stdout.write(`${JSON.stringify(counted?.() ?? null)}\n`);
});
lines.on('close', () => void world.close().then(() => process.exit(0)));
