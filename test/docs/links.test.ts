/**
 * The repository's documentation stands alone: every relative link in a
 * Markdown file reaches a file (and heading) inside the repository, and no
 * file cites the team's working notes that live outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cdk.out', '.git', '.tap', '.aws-local']);
const TEXT_FILE = /\.(md|ts|mts|cts|js|mjs|cjs|json|ya?ml|sh|txt)$|^(run|Dockerfile[^/]*)$/;
/**
 * The design notes' file name and the sibling checkout they live in. The
 * bracketed letters keep a plain `grep` for those names over the repository
 * from finding this test.
 */
const OUTSIDE_CITATIONS = [/DESIG[N]\.md/, /\.\.\/share[d]\//];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : files(path);
    return entry.isFile() ? [path] : [];
  });
}

const fromRoot = (path: string) => relative(ROOT, path).split(sep).join('/');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ''] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Fenced blocks hold examples, not headings or links. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** Inline code holds examples too (but headings keep its text in their anchors). */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

function relativeLinks(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map(([, target = '']) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

function brokenLink(markdownFile: string, target: string): string | undefined {
  const [path = '', anchor] = target.split('#', 2);
  const resolved = path === '' ? markdownFile : resolve(dirname(markdownFile), decodeURIComponent(path));
  const shown = `${fromRoot(markdownFile)} → ${target}`;
  if (resolved !== ROOT && !resolved.startsWith(ROOT + sep)) return `${shown}: outside the repository`;
  let isFile: boolean;
  try {
    isFile = statSync(resolved).isFile();
  } catch {
    return `${shown}: no such file or directory`;
  }
  if (anchor === undefined || anchor === '') return undefined;
  if (!isFile || !resolved.endsWith('.md')) return `${shown}: an anchor into something that is not Markdown`;
  return headingAnchors(readFileSync(resolved, 'utf8')).has(anchor) ? undefined : `${shown}: no such heading`;
}

const everyFile = files(ROOT);
const markdownFiles = everyFile.filter((path) => path.endsWith('.md'));

t.test('the anchor rule matches GitHub on the headings the docs link to', async (t) => {
  const anchors = headingAnchors('# Identity secret (`pca-mtls/v1`)\n## Images (`docker/`)\n## Notes\n## Notes\n');
  t.same([...anchors], ['identity-secret-pca-mtlsv1', 'images-docker', 'notes', 'notes-1']);
});

t.test('every relative link in the Markdown files reaches a file and heading in the repository', async (t) => {
  for (const required of ['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/decisions/README.md']) {
    t.ok(
      markdownFiles.some((path) => fromRoot(path) === required),
      `${required} exists`,
    );
  }
  const links = markdownFiles.flatMap((file) => relativeLinks(readFileSync(file, 'utf8')).map((l) => [file, l]));
  t.ok(links.length > 20, `links were found (${links.length})`);
  const broken = links.map(([file = '', target = '']) => brokenLink(file, target)).filter(Boolean);
  t.same(broken, [], 'no broken relative link');
});

t.test('the README links the architecture, the decisions and CONTRIBUTING', async (t) => {
  const readme = relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  for (const target of ['docs/architecture.md', 'docs/decisions/README.md', 'CONTRIBUTING.md']) {
    t.ok(readme.includes(target), `README links ${target}`);
  }
});

t.test('no file cites notes that live outside the repository', async (t) => {
  const textFiles = everyFile.filter((path) => TEXT_FILE.test(path.split(sep).at(-1) ?? ''));
  t.ok(textFiles.length > 100, `text files were scanned (${textFiles.length})`);
  const citing = textFiles
    .filter((path) => OUTSIDE_CITATIONS.some((pattern) => pattern.test(readFileSync(path, 'utf8'))))
    .map(fromRoot);
  t.same(citing, [], 'point to docs/architecture.md or say it directly');
});
