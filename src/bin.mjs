#!/usr/bin/env node
// The `newsroom` bin: the compiled CLI, as `npm run newsroom` runs it.
import { launch } from './launch.mjs';

await launch('cli', process.argv.slice(2));
