// Reports functions over 60 lines and source files over 300 lines in the product directories
// (lib, lambdas, envoy, cli, services, infra, docker): `npm run check:size`. With --strict it exits 1
// when any is found.

import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
const files = execSync(
  "git ls-files 'lib/*.ts' 'lambdas/*.ts' 'envoy/*.ts' 'cli/*.ts' 'services/*.ts' 'infra/*.ts' 'docker/*.ts'",
  { encoding: 'utf8' },
)
  .split('\n')
  .filter(Boolean);
const long = [];
const bigFiles = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n').length;
  if (lines > 300) bigFiles.push([f, lines]);
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    if (ts.isFunctionLike(n) && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line,
        b = sf.getLineAndCharacterOfPosition(n.end).line;
      if (b - a + 1 > 60) long.push([f + ':' + (a + 1), b - a + 1, n.name?.getText?.() ?? '(anonymous)']);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
long.sort((x, y) => y[1] - x[1]);
console.log(`functions over 60 lines: ${long.length}`);
for (const l of long) console.log('  ', l.join('  '));
console.log(`files over 300 lines: ${bigFiles.length}`);
for (const l of bigFiles) console.log('  ', l.join('  '));
if (process.argv.includes('--strict') && (long.length > 0 || bigFiles.length > 0)) process.exit(1);
