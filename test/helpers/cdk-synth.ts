/**
 * Synthesizes pca-mtls CDK stacks for tests: stub Lambda bundles in a tap
 * test directory (the templates do not depend on the bundles' contents;
 * `npm run synth` uses the real ones), one synth per call.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type AppProps, type Stack } from 'aws-cdk-lib';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PcaMtlsStack, type PcaMtlsStackProps } from '../../infra/pca-mtls-stack.ts';

/**
 * aws-cdk-lib runs its built-in CloudFormation validation on every synth: a
 * WebAssembly rule engine that costs about 3 s of CPU per test process to
 * start, and whose errors, unless an app opts in, are only reported as
 * warnings, which no test reads. The tests hold the templates to cfn-lint
 * instead (template-checks.test.ts: zero errors), and to cdk-nag, a
 * validation plugin this switch leaves on. `npm run synth` keeps the built-in
 * pass. Read at synth, so setting it here, at import, covers every test app.
 */
process.env.CDK_VALIDATION ??= 'false';

export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, any>; DependsOn?: unknown }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

interface TestDirs {
  teardown(fn: () => unknown): void;
}

/** A fresh directory removed when the test ends (tap's testdir is one per test: several synths need several). */
export function tempDir(t: TestDirs, prefix = 'pca-mtls-cdk-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const TEST_CA_ARN =
  'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555';
export const OTHER_CA_ARN =
  'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/99999999-2222-3333-4444-555555555555';
/** Stand-in images: a construct test must not need docker/ or a Docker engine. */
export const TEST_SIDECAR_IMAGE = ContainerImage.fromRegistry('public.ecr.aws/example/agent-envoy:test');
export const TEST_APP_IMAGE = ContainerImage.fromRegistry('public.ecr.aws/example/color-app:test');

export function stubLambdaBundles(t: TestDirs): string {
  const dir = tempDir(t, 'pca-mtls-bundles-');
  for (const name of ['export-certificate', 'renew-certificate']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'index.mjs'), 'export const handler = async () => ({});\n');
  }
  return dir;
}

/** A new App writing into its own directory, with cdk-nag's AwsSolutions pack when `nag` is set. */
export function testApp(outdir: string, options: { nag?: boolean; context?: AppProps['context'] } = {}): App {
  const app = new App({ outdir, context: options.context });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

export function synthPcaMtls(
  bundleDir: string,
  outdir: string,
  props: Partial<PcaMtlsStackProps> = {},
  options: { nag?: boolean } = {},
): { stack: PcaMtlsStack; template: TemplateJson; templatePath: string } {
  const app = testApp(outdir, options);
  const stack = new PcaMtlsStack(app, 'PcaMtls', { lambdaBundleDir: bundleDir, ...props });
  return { stack, ...templateOf(app, stack) };
}

export function templateOf(app: App, stack: Stack): { template: TemplateJson; templatePath: string } {
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const templatePath = join(assembly.directory, artifact.templateFile);
  return { template: JSON.parse(readFileSync(templatePath, 'utf8')) as TemplateJson, templatePath };
}

export function resourcesOfType(template: TemplateJson, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** A resource's Properties by logical id; throws when the template lacks it. */
export function resource(template: TemplateJson, logicalId: string): Record<string, any> {
  const found = template.Resources[logicalId];
  if (!found?.Properties) throw new Error(`the template has no resource ${logicalId}`);
  return found.Properties;
}
