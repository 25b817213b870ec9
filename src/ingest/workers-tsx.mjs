// The ingest worker as TypeScript, for vitest and tsx (which run the sources): Node 20 does not
// apply a worker's `--import tsx` to what the worker imports, so tsx's loader is registered here,
// in the worker, before the entry is imported. The bundle's worker is dist/ingest-worker.js.
import { register } from 'tsx/esm/api';

register();
const { default: run } = await import('./workers-entry.ts');
export default run;
