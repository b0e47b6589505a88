import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

/** One import written in a file: the specifier as written and, for a relative one, the repo path it names. */
export type ImportEdge = { from: string; specifier: string; target: string };

// Static `import … from '…'`, `export … from '…'`, side-effect `import '…'` and dynamic `import('…')`.
// Type-only imports count too: a type from an IO module still ties the pure core to it.
const SPECIFIER =
  /(?:^|[;\s])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The import specifiers of one file's text, with comments removed so examples in them do not count. */
export function specifiersOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** Relative specifiers become repo paths (`src/db/open.ts`); packages and `node:` modules stay as written. */
export function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

export function edgesOf(files: ReadonlyArray<{ path: string; text: string }>): ImportEdge[] {
  return files.flatMap(({ path, text }) =>
    specifiersOf(text).map((specifier) => ({ from: path, specifier, target: resolveSpecifier(path, specifier) })),
  );
}

function walk(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = posix.join(dir, e.name);
    if (e.isDirectory()) return walk(root, path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every `.ts` file under the given repo folders, read from disk, with repo-relative POSIX paths. */
export function readTree(root: string, folders: readonly string[]): Array<{ path: string; text: string }> {
  return folders.flatMap((f) => walk(root, f)).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

export function repoRoot(): string {
  return relative(process.cwd(), dirname(dirname(dirname(new URL(import.meta.url).pathname)))) || '.';
}

/** Modules that do IO: a pure module importing one of these is a violation. */
const IO_PACKAGES = [
  'better-sqlite3',
  'drizzle-orm',
  'got',
  'undici',
  'redis',
  'cheerio',
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:net',
  'node:child_process',
];
const IO_FOLDERS = ['src/db/', 'src/http/', 'src/pipeline/', 'src/cli/'];

// Files that read or write files or the network on purpose: the thin IO shell around each pure core.
export const IO_SHELL: Readonly<Record<string, string>> = {
  'src/resolver/load.ts': 'reads a published shortlist from disk',
  'src/resolver/watch.ts': 'watches latest.json with node:fs',
  'src/artifact/store.ts': 'writes and lists data/shortlists/<N>.json',
  'src/artifact/latest-check.ts': 'reads latest.json and the version files it names',
  'src/artifact/load.ts': 'reads a version file from disk',
  'src/artifact/publish.ts': 'writes the version file and latest.json through store.ts',
};

const PURE_ROOTS = ['src/curation/', 'src/resolver/', 'src/artifact/', 'src/report/'];
export const PURE_ROUTER = [
  'fallback-policy',
  'rewrite',
  'sse',
  'metrics',
  'metrics-merge',
  'openai-error',
  'settings',
  'conversation-key',
  'info-routes',
  'json-members',
  'answer-fields',
  'usage',
  'listen-error',
  'spend-log',
].map((n) => `src/router/${n}.ts`);

export function isPure(path: string): boolean {
  if (IO_SHELL[path]) return false;
  return PURE_ROOTS.some((r) => path.startsWith(r)) || PURE_ROUTER.includes(path);
}

export function isIo(target: string): boolean {
  const bare = target.replace(/^node:/, '');
  return (
    IO_PACKAGES.some((p) => target === p || target.startsWith(`${p}/`) || `node:${bare}` === p) ||
    IO_FOLDERS.some((f) => target.startsWith(f))
  );
}

// One-way dependency rules: [who, must not import, why].
type Rule = { from: (p: string) => boolean; to: (t: string) => boolean; why: string };
const under = (folder: string) => (p: string) => p.startsWith(folder);
export const DIRECTION_RULES: Rule[] = [
  { from: (p) => !p.startsWith('src/cli/') && !p.startsWith('bin/'), to: under('src/cli/'), why: 'only src/cli and bin/ import src/cli' },
  { from: under('jobs/'), to: under('src/cli/'), why: 'jobs/ sits below the CLI' },
  {
    from: (p) =>
      !p.startsWith('src/cli/') &&
      !p.startsWith('bin/') &&
      !p.startsWith('jobs/') &&
      !p.startsWith('src/pipeline/') &&
      p !== 'src/index.ts',
    to: (t) => t.startsWith('src/pipeline/') || t.startsWith('jobs/'),
    why: 'jobs/ and src/pipeline are imported only from above (cli, bin, src/index.ts)',
  },
  { from: under('src/artifact/'), to: under('src/sources/'), why: 'artifact does not depend on sources' },
  { from: under('src/curation/'), to: under('src/sources/'), why: 'curation does not depend on sources' },
  { from: (p) => p === 'src/config.ts', to: under('src/curation/'), why: 'config does not depend on curation' },
  { from: under('src/db/'), to: under('src/http/'), why: 'db does not depend on http' },
  {
    from: (p) => p.startsWith('src/domain/') || p.startsWith('src/util/'),
    to: (t) => t.startsWith('src/') && !t.startsWith('src/domain/') && !t.startsWith('src/util/') && t !== 'src/errors.ts',
    why: 'src/domain and src/util import only each other and src/errors.ts',
  },
];

/** Every broken boundary in the edges, as `file: imports 'x' (reason)`. */
export function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    if (isPure(e.from) && (isIo(e.target) || IO_SHELL[e.target] !== undefined))
      out.push(`${e.from}: imports '${e.specifier}' (a pure module must not do IO)`);
    for (const r of DIRECTION_RULES) if (r.from(e.from) && r.to(e.target)) out.push(`${e.from}: imports '${e.specifier}' (${r.why})`);
  }
  return out;
}

/**
 * Groups of files that import each other in a circle, type-only imports included, each as its
 * files in path order. A circle means no file of it can be read, tested or moved on its own.
 */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.target]);
  // Tarjan's strongly connected components; a component of two or more files is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of next.get(file) ?? []) {
      if (!next.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (next.get(file) ?? []).includes(file)) out.push(component.sort());
  };
  for (const file of [...next.keys()].sort()) if (!index.has(file)) visit(file);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
