// Compiles the TypeScript in src/ and commands/ into dist/ with esbuild: one file per program and
// shared chunks, packages left to node_modules. Production runs this JavaScript, so start-up pays
// neither for a TypeScript loader nor for the platform SDKs it does not use (they are split out and
// loaded only when their part runs). `npm install` builds it (prepare); `npm start` and the other
// scripts rebuild it first when a source file is newer (src/launch.mjs).
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
/** Written last by a build; a source newer than it means the build is stale. */
const STAMP = join(DIST, '.built');

/** The programs: npm scripts and the `newsroom` bin run them through src/launch.mjs. */
export const PROGRAMS = {
  main: 'src/main.ts',
  cli: 'src/cli.ts',
  shard: 'src/adapters/discord/shard.ts',
  deploy: 'src/adapters/discord/deploy.ts',
  'print-manifest': 'src/adapters/slack/print-manifest.ts',
};

/**
 * Worker threads' entry files, bundled beside the programs under these names: a module finds its
 * worker as a sibling of the chunk it was bundled into (src/ingest/workers.ts: ./ingest-worker.js).
 */
export const WORKERS = {
  'ingest-worker': 'src/ingest/workers-entry.ts',
};

const SOURCES = ['src', 'commands', 'package.json', 'tsconfig.json'];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

export function isStale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((source) => newestChange(join(ROOT, source)) > built);
}

/**
 * Builds into a fresh folder, then renames each file into dist/, programs last: a bot already
 * running (or a second build at the same moment) never reads a half-written file, and chunks it
 * may still load lazily stay where they were (their names carry a content hash).
 */
export async function build({ clean = false } = {}) {
  const { build: esbuild } = await import('esbuild');
  const staging = mkdtempSync(join(ROOT, '.dist-'));
  if (clean) {
    // Moved aside first: a build started at the same moment then writes into a new dist/.
    const old = `${staging}-old`;
    try {
      renameSync(DIST, old);
    } catch {
      // no dist/ yet
    }
    rmSync(old, { recursive: true, force: true });
  }
  try {
    await esbuild({
      absWorkingDir: ROOT,
      entryPoints: { ...PROGRAMS, ...WORKERS },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      entryNames: '[name]',
      chunkNames: '[name]-[hash]',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    const files = readdirSync(staging);
    const programs = new Set([...Object.keys(PROGRAMS), ...Object.keys(WORKERS)].flatMap((name) => [`${name}.js`, `${name}.js.map`]));
    mkdirSync(DIST, { recursive: true });
    for (const file of [...files.filter((f) => !programs.has(f)), ...files.filter((f) => programs.has(f))]) renameSync(join(staging, file), join(DIST, file));
    writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build({ clean: process.argv.includes('--clean') });
}
