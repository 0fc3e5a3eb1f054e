import t from 'tap';
import {
  DEPLOYMENT_HISTORY,
  newDeploymentId,
  startDeployment,
  trimHistory,
  visibleDeployments,
  type DeploymentSettings,
} from '../../../../services/aws-local/ecs/deployments.ts';
import type { DeploymentRecord } from '../../../../services/aws-local/ecs/state.ts';

// The lifecycle rules on their own, against explicit times (no server, no clock).
const settings: DeploymentSettings = { taskDefinition: 'td:1', desiredCount: 2 };
const ROLLOUT = 100;
const deploy = (list: DeploymentRecord[], id: string, now: number) =>
  startDeployment(list, settings, { id, now, rolloutMs: ROLLOUT });
const shown = (list: DeploymentRecord[], now: number) =>
  visibleDeployments(list, now).map(
    (v) => `${v.record.id}:${v.status}:${v.rolloutState}:${v.runningCount}/${v.pendingCount}`,
  );

t.test('one deployment: IN_PROGRESS until completesAt, COMPLETED from then on', async (t) => {
  const list = deploy([], 'a', 0);
  t.same(shown(list, 99), ['a:PRIMARY:IN_PROGRESS:0/2']);
  t.same(shown(list, 100), ['a:PRIMARY:COMPLETED:2/0']);
});

t.test('a deployment replaced after completing stays ACTIVE and running until the new one completes', async (t) => {
  const list = deploy(deploy([], 'a', 0), 'b', 150);
  t.same(shown(list, 200), ['b:PRIMARY:IN_PROGRESS:0/2', 'a:ACTIVE:COMPLETED:2/0']);
  t.same(shown(list, 250), ['b:PRIMARY:COMPLETED:2/0']);
});

t.test('a rollout replaced before completing never completes; everything drains when the newest does', async (t) => {
  const list = deploy(deploy(deploy([], 'a', 0), 'b', 150), 'c', 200);
  t.same(shown(list, 260), ['c:PRIMARY:IN_PROGRESS:0/2', 'b:ACTIVE:IN_PROGRESS:0/0', 'a:ACTIVE:COMPLETED:2/0']);
  t.same(shown(list, 300), ['c:PRIMARY:COMPLETED:2/0']);
});

t.test('history keeps the newest deployments and never drops one still shown', async (t) => {
  let list: DeploymentRecord[] = [];
  for (let i = 0; i < DEPLOYMENT_HISTORY + 5; i++) list = deploy(list, `d${i}`, i * 1000);
  t.equal(list.length, DEPLOYMENT_HISTORY + 1, 'trimmed to the history size on each write');
  t.equal(list.at(-1)!.id, `d${DEPLOYMENT_HISTORY + 4}`);
  const stacked = trimHistory(deploy(deploy([], 'x', 0), 'y', 10), 20);
  t.equal(stacked.length, 2, 'nothing drained, nothing dropped');
});

t.test('deployment ids are ecs-svc/ and 19 digits', async (t) => {
  t.match(newDeploymentId(Math.random), /^ecs-svc\/[1-9]\d{18}$/);
  t.equal(
    newDeploymentId(() => 0),
    'ecs-svc/1000000000000000000',
  );
});
