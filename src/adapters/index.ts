// The platforms, as plug-ins: the one list to extend when adding one (see docs/ARCHITECTURE.md,
// "Where to add: a platform"). Each entry reads its own settings and loads its SDK only when it is
// configured; config (src/config.ts), the composition (src/compose.ts), the CLI and the digest
// scheduler's rate limits all come from here. The console shell is not listed: it is what runs
// when none of these is configured.
import { discord } from './discord/plugin';
import type { PlatformPlugin } from './platform';
import { slack } from './slack/plugin';

export const platforms = [slack, discord] as const;

/** A listed plug-in whatever its settings (each is only ever given what its own readConfig returned). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlatform = PlatformPlugin<string, any>;

export const platformList: readonly AnyPlatform[] = platforms;
