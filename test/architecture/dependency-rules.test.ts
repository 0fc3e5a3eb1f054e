/**
 * The layering rules of docs/architecture.md ("Dependency rules"), checked on
 * every import of every source file: `lib/` at the bottom, nothing imports
 * `cli/`, the product units (each Lambda, the Envoy agent, each demo service)
 * import `lib/` and themselves only, and `services/aws-local` shares no code
 * with anything else. TypeScript's own pre-processor lists the imports (static,
 * `export … from`, dynamic `import()`, `import type`), so comments and strings
 * never count and type-only imports do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The source trees the rules govern; `infra/` joins when it exists. */
const SOURCE_DIRS = ['lib', 'lambdas', 'envoy', 'services', 'cli', 'infra'] as const;
const REQUIRED_DIRS = ['lib', 'lambdas', 'envoy', 'services', 'cli'] as const;
const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cdk.out']);
const AWS_LOCAL = 'services/aws-local';
/** Harnesses that may start aws-local: the CLI (`pca-mtls local`, `npm start`), benchmarks and tests. */
const AWS_LOCAL_EMBEDDERS = new Set(['cli', 'bench', 'test']);
const PROJECT_PACKAGE = 'pca-mtls';

type Rule =
  | 'lib-at-the-bottom'
  | 'nothing-imports-cli'
  | 'product-units-independent'
  | 'aws-local-shares-no-code'
  | 'stays-inside-the-repository'
  | 'relative-imports-only';

interface SourceImports {
  /** Path from the repository root, `/`-separated. */
  file: string;
  /** Module specifiers as written. */
  imports: readonly string[];
}

interface Violation {
  rule: Rule;
  file: string;
  specifier: string;
}

/** `lambdas/x`, `services/x` and `envoy` are units; elsewhere the top-level directory is. */
function unitOf(path: string): string {
  const [top = '', second = ''] = path.split('/');
  return top === 'lambdas' || top === 'services' ? `${top}/${second}` : top;
}

function isProductUnit(unit: string): boolean {
  return unit.startsWith('lambdas/') || unit === 'envoy' || (unit.startsWith('services/') && unit !== AWS_LOCAL);
}

/** The rule one import breaks, if any. `target` is the imported path from the root (undefined: a package). */
function ruleBroken(file: string, specifier: string, target: string | undefined): Rule | undefined {
  if (target === undefined) {
    if (specifier.startsWith('#') || specifier.startsWith('/')) return 'relative-imports-only';
    if (specifier === PROJECT_PACKAGE || specifier.startsWith(`${PROJECT_PACKAGE}/`)) return 'relative-imports-only';
    return undefined;
  }
  if (target === '..' || target.startsWith('../')) return 'stays-inside-the-repository';
  const from = unitOf(file);
  const to = unitOf(target);
  if (from === to) return undefined;
  if (from === AWS_LOCAL || (to === AWS_LOCAL && !AWS_LOCAL_EMBEDDERS.has(from))) return 'aws-local-shares-no-code';
  if (to === 'cli') return 'nothing-imports-cli';
  if (from === 'lib') return 'lib-at-the-bottom';
  if (isProductUnit(from) && to !== 'lib') return 'product-units-independent';
  return undefined;
}

/** Every import in `sources` that breaks a rule. */
function dependencyViolations(sources: readonly SourceImports[]): Violation[] {
  const violations: Violation[] = [];
  for (const { file, imports } of sources) {
    for (const specifier of imports) {
      const target = specifier.startsWith('.') ? join(dirname(file), specifier).split(sep).join('/') : undefined;
      const rule = ruleBroken(file, specifier, target);
      if (rule) violations.push({ rule, file, specifier });
    }
  }
  return violations;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function readSources(): SourceImports[] {
  return SOURCE_DIRS.filter((dir) => existsSync(join(ROOT, dir))).flatMap((dir) =>
    sourceFiles(join(ROOT, dir)).map((path) => ({
      file: relative(ROOT, path).split(sep).join('/'),
      imports: ts.preProcessFile(readFileSync(path, 'utf8'), true, true).importedFiles.map((f) => f.fileName),
    })),
  );
}

t.test('the checker names each rule an import breaks', async (t) => {
  const cases: [file: string, specifier: string, rule: Rule | undefined][] = [
    ['lib/identity/export-identity.ts', '../pki/index.ts', undefined],
    ['lib/identity/export-identity.ts', 'node:crypto', undefined],
    ['lib/identity/export-identity.ts', '@aws-sdk/client-acm', undefined],
    ['lib/renewal/renew-identity.ts', '../../envoy/agent/config.ts', 'lib-at-the-bottom'],
    ['lib/renewal/renew-identity.ts', '../../infra/rules/renewal-rules.ts', 'lib-at-the-bottom'],
    ['lib/logger.ts', '../cli/io.ts', 'nothing-imports-cli'],
    ['envoy/agent/run-agent.ts', '../../cli/options.ts', 'nothing-imports-cli'],
    ['infra/app.ts', '../cli/io.ts', 'nothing-imports-cli'],
    ['envoy/agent/bootstrap.ts', '../config/render-sds.ts', undefined],
    ['envoy/agent/bootstrap.ts', '../../lib/logger.ts', undefined],
    ['envoy/agent/bootstrap.ts', '../../lambdas/renew-certificate/handler.ts', 'product-units-independent'],
    ['lambdas/renew-certificate/handler.ts', '../export-certificate/handler.ts', 'product-units-independent'],
    ['lambdas/export-certificate/index.ts', '../../infra/rules/renewal-rules.ts', 'product-units-independent'],
    ['services/colorteller/app.ts', '../colorgateway/config.ts', 'product-units-independent'],
    ['services/colorgateway/app.ts', '../../envoy/agent/verify.ts', 'product-units-independent'],
    ['services/colorteller/app.ts', '../aws-local/app.ts', 'aws-local-shares-no-code'],
    ['lib/tls/tls-material-files.ts', '../../services/aws-local/acm-pca/x509.ts', 'aws-local-shares-no-code'],
    ['infra/app.ts', '../services/aws-local/app.ts', 'aws-local-shares-no-code'],
    ['services/aws-local/acm-pca/x509.ts', '../../../lib/pki/index.ts', 'aws-local-shares-no-code'],
    ['services/aws-local/app.ts', '../../cli/io.ts', 'aws-local-shares-no-code'],
    ['services/aws-local/acm/lifecycle.ts', '../core/clock.ts', undefined],
    ['cli/commands/local.ts', '../../services/aws-local/server.ts', undefined],
    ['cli/commands/local.ts', '../../lambdas/renew-certificate/handler.ts', undefined],
    ['cli/commands/local.ts', '../../infra/rules/renewal-rules.ts', undefined],
    ['infra/stack.ts', '../lib/secret-schema/tags.ts', undefined],
    ['lib/errors.ts', '../../../elsewhere/module.ts', 'stays-inside-the-repository'],
    ['lib/errors.ts', '#lib/logger.ts', 'relative-imports-only'],
    ['cli/main.ts', 'pca-mtls/lib/logger.ts', 'relative-imports-only'],
  ];
  for (const [file, specifier, rule] of cases) {
    const found = dependencyViolations([{ file, imports: [specifier] }]);
    t.same(
      found.map((v) => v.rule),
      rule ? [rule] : [],
      `${file} → ${specifier}: ${rule ?? 'allowed'}`,
    );
  }
});

t.test('every source file obeys the dependency rules', async (t) => {
  const sources = readSources();
  for (const dir of REQUIRED_DIRS) {
    t.ok(
      sources.some((s) => s.file.startsWith(`${dir}/`)),
      `${dir}/ was scanned`,
    );
  }
  // The scan must see the edges that exist, or an empty result would prove nothing.
  const importsLib = (prefix: string) =>
    sources.some((s) => s.file.startsWith(prefix) && s.imports.some((i) => i.includes('/lib/')));
  for (const prefix of ['lambdas/', 'envoy/', 'cli/', 'services/colorteller/']) {
    t.ok(importsLib(prefix), `the scan sees ${prefix} importing lib/`);
  }
  const violations = dependencyViolations(sources);
  t.same(
    violations.map((v) => `${v.rule}: ${v.file} imports '${v.specifier}'`),
    [],
    'no import breaks a rule of docs/architecture.md',
  );
});
