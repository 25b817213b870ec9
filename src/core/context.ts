// The generic parts of every context: who asked, where, and the clock, logger and meter a context
// carries. Nothing here knows the newsroom; its command context is commands/context.ts.

/**
 * Where an invocation came from: a listed platform plug-in's name (src/adapters/index.ts: "slack",
 * "discord", ...), "console" for the local shell or "cli". Open, so a new platform edits no core file.
 */
export type Platform = string;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

type LogFn = {
  (obj: object, msg?: string): void;
  (msg: string): void;
};

/** The slice of pino the code uses; tests can pass pino({ level: 'silent' }) or a recorder. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

/** Things worth counting outside commands (commands are counted by the dispatcher). */
export type MeterEvent = 'digest_posted' | 'digest_failed' | 'alert_posted' | 'alert_failed' | 'rate_limit_wait' | 'store_error' | 'feed_fetched' | 'feed_failed';

/** Where counts go: Prometheus in production (src/ops/metrics.ts), nowhere in most tests. */
export interface Meter {
  increment(event: MeterEvent, labels?: { platform?: string }): void;
}

export const noMeter: Meter = { increment: () => undefined };

/** Where posts that each open a thread go, for a route made from some place (see Invocation.threads). */
export interface ThreadPlace {
  /** The asking channel, or the forum whose post (a thread) the command was typed in. */
  readonly channelId: string;
  /** Each post is a new forum post, rather than a message with a thread started on it. */
  readonly forum: boolean;
}

/** Who asked, where: the neutral form every adapter turns its platform event into. */
export interface Invocation {
  readonly platform: Platform;
  /** Discord guild id, Slack team id, or "local" for the console. */
  readonly workspaceId: string;
  readonly channelId: string;
  readonly user: {
    readonly id: string;
    readonly name?: string;
    readonly isModerator: boolean;
  };
  /**
   * Present where the platform can give each post a thread of its own (Discord; not Slack or the
   * console): where such posts go for a route made here, or undefined when threads cannot be had
   * from here (threads do not nest). A function: it may have to ask the platform what kind of
   * channel this is, which only /feeds add thread:yes needs.
   */
  readonly threads?: () => Promise<ThreadPlace | undefined>;
}
