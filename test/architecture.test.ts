// The house rules (docs/ARCHITECTURE.md) as a test, so breaking one fails `npm test`.
// Imports are read with the `typescript` package's own pre-parser (ts.preProcessFile): it is
// already a dependency, reads static, type-only, re-export and dynamic `import()` imports alike,
// and no maintained import-rule tool (dependency-cruiser and the like) is installed here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { platformList } from '../src/adapters';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = /\.(ts|mts|mjs|js)$/;

interface Import {
  readonly from: string;
  /** What the source wrote: './x', 'discord.js', 'node:fs'. */
  readonly specifier: string;
  /** The project file it resolves to (relative to the root), for relative imports. */
  readonly to?: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return filesUnder(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(ROOT, dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), ...['.ts', '.mts', '.mjs', '.js'].map((ext) => base + ext), join(base, 'index.ts')];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return found && relative(ROOT, found).split('\\').join('/');
}

function importsOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): Import[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }) => {
    const to = specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined;
    return { from: file, specifier, ...(to && { to }) };
  });
}

/** Every import cycle among the given files (strongly connected components, Tarjan). */
function cyclesIn(imports: readonly Import[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const { from, to } of imports) {
    if (!edges.has(from)) edges.set(from, []);
    if (to) edges.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (edges.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/**
 * The layers that point one way: a file may import its own layer or one listed before it, never
 * one after it nor anything outside the list (adapters, ops, config, main and the CLI sit above).
 * ingest and schedule share a rank: both build on the newsroom, neither knows the other.
 */
const LAYERS: readonly (readonly string[])[] = [['src/core'], ['src/store'], ['src/newsroom'], ['src/ingest', 'src/schedule'], ['src/archive'], ['commands']];

function layerOf(file: string): number | undefined {
  const rank = LAYERS.findIndex((folders) => folders.some((folder) => file.startsWith(`${folder}/`)));
  return rank === -1 ? undefined : rank;
}

function folderOf(file: string): string | undefined {
  return LAYERS.flat().find((folder) => file.startsWith(`${folder}/`));
}

/** Packages that belong to one folder: a platform SDK to its adapter, node-cron to the scheduler. */
const OWNED_PACKAGES: ReadonlyArray<{ readonly pattern: RegExp; readonly home: string }> = [
  { pattern: /^(discord\.js|@discordjs\/)/, home: 'src/adapters/discord/' },
  { pattern: /^@slack\//, home: 'src/adapters/slack/' },
  // Every listed platform plug-in's SDK (src/adapters/index.ts), so a new platform is covered too.
  ...platformList.map((p) => ({ pattern: p.packages, home: `src/adapters/${p.name}/` })),
  { pattern: /^node-cron(\/|$)/, home: 'src/schedule/' },
];

/** The broken rules, one line each; empty when the code keeps them all. */
function violations(imports: readonly Import[]): string[] {
  const found: string[] = [];
  for (const { from, specifier, to } of imports) {
    for (const { pattern, home } of OWNED_PACKAGES) {
      if (pattern.test(specifier) && !from.startsWith(home)) found.push(`${from} imports ${specifier}, which only ${home} may import`);
    }
    if (from.startsWith('src/core/') && to && !to.startsWith('src/core/')) found.push(`${from} imports ${to}: src/core imports nothing from the rest of src/ or from commands/`);
    const rank = layerOf(from);
    if (rank !== undefined && to) {
      const target = layerOf(to);
      const sameRankElsewhere = target === rank && folderOf(to) !== folderOf(from);
      if (target === undefined || target > rank || sameRankElsewhere) found.push(`${from} imports ${to}, a layer it may not reach`);
    }
  }
  for (const cycle of cyclesIn(imports)) found.push(`import cycle among: ${cycle.join(', ')}`);
  return found;
}

const projectImports = (): Import[] => [...filesUnder('src'), ...filesUnder('commands')].flatMap((file) => importsOf(file));

describe('the house rules', () => {
  it('hold for the code in src/ and commands/', () => {
    const imports = projectImports();
    expect(imports.length).toBeGreaterThan(100); // the reader found the imports at all
    expect(violations(imports)).toEqual([]);
  });

  it('catch a platform SDK, node-cron or an upward import in the wrong place, static or dynamic', () => {
    const bad = [
      ...importsOf('commands/news.ts', "import { Client } from 'discord.js';"),
      ...importsOf('src/newsroom/digest.ts', "const { App } = await import('@slack/bolt');"),
      ...importsOf('src/ingest/poller.ts', "import type { ScheduledTask } from 'node-cron';"),
      ...importsOf('src/core/dispatcher.ts', "import type { commands } from '../../commands';"),
      ...importsOf('src/newsroom/articles.ts', "import type { FeedPoller } from '../ingest/poller';"),
      ...importsOf('src/ingest/wire.ts', "export type { DigestDesk } from '../schedule/desk';"),
    ];
    expect(bad).toHaveLength(6);
    for (const wrong of bad) expect(violations([wrong]), wrong.specifier).not.toEqual([]);
  });

  it('catch an import cycle, type-only imports included', () => {
    const cycle = [...importsOf('src/store/store.ts', "import type { Clock } from '../core/context';"), ...importsOf('src/core/context.ts', "import type { Store } from '../store/store';")];
    expect(cyclesIn(cycle)).toEqual([['src/core/context.ts', 'src/store/store.ts']]);
  });
});
