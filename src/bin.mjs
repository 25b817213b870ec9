#!/usr/bin/env node
// The `newsroom` bin: runs the TypeScript CLI through tsx, as `npm run newsroom` does.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
