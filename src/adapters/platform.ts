// What a platform plug-in is: its name, how it reads its settings from the environment, how its
// adapter is created, and its posting limits. Each platform's entry lives in
// src/adapters/<platform>/plugin.ts and is listed once in src/adapters/index.ts; config, the
// composition (src/compose.ts), the CLI and the scheduler's rate limits all read that list.
import type { Adapter } from '../core/adapter';
import type { Dispatcher } from '../core/dispatcher';
import type { Newsroom } from '../newsroom/newsroom';
import type { OpsRoute } from '../ops/server';
import type { Env, SettingsRead } from '../settings';

export interface PlatformDeps<S> {
  /** What readConfig returned for this platform. */
  readonly settings: S;
  readonly dispatcher: Dispatcher;
  readonly newsroom: Newsroom;
  /**
   * /healthz, /readyz and /metrics, for a platform that runs an HTTP server of its own to serve
   * beside its endpoints; present only when OPS_PORT is unset (they have no server of their own).
   */
  readonly opsRoutes?: readonly OpsRoute[];
  /** This process is one worker of the platform's own scale-out (a Discord shard): connect here. */
  readonly inProcess: boolean;
}

export interface PlatformLimits {
  /** Scheduled posts (digests) per second, shared by every replica on one store. */
  readonly postsPerSecond: number;
}

export interface PlatformPlugin<N extends string = string, S = unknown> {
  /** The Invocation's `platform`, the key of its settings on Config, the digest subscriptions' platform. */
  readonly name: N;
  /** Its settings from its own environment keys: undefined when the platform is not configured. */
  readonly readConfig: (env: Env) => SettingsRead<S>;
  readonly limits: PlatformLimits;
  /** Its SDK's package names: only src/adapters/<name>/ may import them (test/architecture.test.ts). */
  readonly packages: RegExp;
  /** Builds the adapter; the platform's SDK is imported here (dynamic import()), only when it is configured. */
  create(deps: PlatformDeps<S>): Promise<Adapter>;
}

/** Keeps the literal name and the settings type of a plug-in (for Config's typed fields). */
export function definePlatform<N extends string, S>(plugin: PlatformPlugin<N, S>): PlatformPlugin<N, S> {
  return plugin;
}

export type SettingsOf<P> = P extends PlatformPlugin<string, infer S> ? S : never;
