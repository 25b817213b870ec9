// Runs one of the compiled programs (src/build.mjs) as if node had been given it directly:
//   node src/launch.mjs main|cli|shard|deploy|print-manifest [args...]
// It rebuilds dist/ first when a source file changed since the last build, so `npm start` after an
// edit never runs stale code; an up-to-date check costs a few milliseconds.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, DIST, isStale, PROGRAMS } from './build.mjs';

export async function launch(program, args) {
  if (!Object.hasOwn(PROGRAMS, program)) {
    process.stderr.write(`launch: unknown program "${program}" (one of ${Object.keys(PROGRAMS).join(', ')})\n`);
    process.exit(2);
  }
  if (isStale()) await build();
  const file = join(DIST, `${program}.js`);
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await launch(process.argv[2] ?? 'main', process.argv.slice(3));
}
