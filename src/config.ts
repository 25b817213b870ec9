// The only reader of process.env (and of .env, through dotenv). Validated once at start-up; a bad
// value stops the process with a message naming the key.
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';
import { platformList, type platforms } from './adapters';
import type { SettingsOf } from './adapters/platform';
import { DURATION_FORMAT, parseDuration } from './core/duration';
import { DEFAULT_FEEDS_PER_WORKSPACE } from './ingest/feeds';
import { DEFAULT_ALERTS_PER_HOUR, DEFAULT_ROUTES_PER_WORKSPACE } from './schedule/route-desk';
import { flag, port, setting } from './settings';
import { parseStoreUrl } from './store/url';

/** A setting read as a whole number within bounds. */
const wholeNumber = (min: number, max: number) => (v: string) => (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : undefined);

const Env = z
  .object({
    STORE_URL: z
      .string()
      .trim()
      .default('sqlite://data/newsroom.sqlite')
      .refine((v) => /^(sqlite|redis|rediss|postgres|postgresql|memory):\/\//.test(v), {
        message: 'must start with sqlite://, redis://, postgres:// or memory://',
      })
      .superRefine((v, ctx) => {
        // ?namespace= is checked here too, so a bad one stops start-up rather than the first store call.
        try {
          parseStoreUrl(v);
        } catch (error) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message.replace(/^STORE_URL: /, '') });
        }
      }),
    ARCHIVE_URL: z
      .string()
      .trim()
      .optional()
      .refine((v) => v === undefined || /^(sqlite|postgres|postgresql|memory):\/\//.test(v), { message: 'must start with sqlite://, postgres:// or memory://' }),
    CONTENT_DIR: z.string().trim().default('content'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    OPS_PORT: port(undefined),
    SHUTDOWN_GRACE: setting(10_000, parseDuration, DURATION_FORMAT),
    DIGEST_TIMEZONE: setting(
      'UTC',
      (v) => {
        try {
          return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
        } catch {
          return undefined;
        }
      },
      'an IANA time zone like UTC or America/New_York',
    ),
    DIGEST_CATCHUP: setting(6 * 3_600_000, parseDuration, DURATION_FORMAT),
    FEEDS_ALLOW_PRIVATE: flag,
    INGEST_RETENTION_DAYS: setting(180, (v) => (/^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined), 'a whole number of days, 0 to keep forever'),
    FEEDS_PER_WORKSPACE: setting(DEFAULT_FEEDS_PER_WORKSPACE, wholeNumber(1, 10_000), 'a whole number from 1 to 10000'),
    ROUTES_PER_WORKSPACE: setting(DEFAULT_ROUTES_PER_WORKSPACE, wholeNumber(1, 10_000), 'a whole number from 1 to 10000'),
    ALERTS_PER_HOUR: setting(DEFAULT_ALERTS_PER_HOUR, wholeNumber(1, 1_000), 'a whole number from 1 to 1000'),
    INGEST_WORKERS: setting<number | undefined>(undefined, wholeNumber(1, 32), 'a whole number from 1 to 32'),
  });

/** Settings that are not any one platform's. */
export interface CoreConfig {
  readonly storeUrl: string;
  /** Where articles are archived; unset: it follows STORE_URL (src/archive/open.ts). */
  readonly archiveUrl: string | undefined;
  readonly contentDir: string;
  /** Undefined when not set: each entry point picks its own default (quieter for the console). */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' | undefined;
  /** Port for /healthz, /readyz and /metrics; when unset they share Slack's server if it runs. */
  readonly opsPort: number | undefined;
  /** How long shutdown waits for in-flight commands and posts. */
  readonly shutdownGraceMs: number;
  /** Zone for digest subscriptions that name none (DIGEST_TIMEZONE). */
  readonly digestTimezone: string;
  /** A digest later than this after downtime is recorded as missed, not posted (DIGEST_CATCHUP). */
  readonly digestCatchupMs: number;
  /** Feeds, their pages and redirects may reach private and local addresses (FEEDS_ALLOW_PRIVATE). */
  readonly feedsAllowPrivate: boolean;
  /**
   * Articles ingested from feeds are pruned once both their publication and their arrival are
   * older than this many days, and feed items dated before it are not filed; 0 keeps them forever
   * (INGEST_RETENTION_DAYS). Content files are never pruned.
   */
  readonly ingestRetentionDays: number;
  /** How many feeds one server or workspace may follow with /feeds add (FEEDS_PER_WORKSPACE). */
  readonly feedsPerWorkspace: number;
  /** How many routes (a feed sent to a channel) one server or workspace may have (ROUTES_PER_WORKSPACE). */
  readonly routesPerWorkspace: number;
  /** Live alerts per channel per hour; the rest of the hour go out as one overflow post (ALERTS_PER_HOUR). */
  readonly alertsPerHour: number;
  /** Worker threads that parse feeds and pages and analyse articles (INGEST_WORKERS); unset: the pool's default for this machine. */
  readonly ingestWorkers: number | undefined;
}

/** Each listed platform's settings (src/adapters/index.ts) under its name; absent when not configured. */
export type PlatformConfigs = { readonly [P in (typeof platforms)[number] as P['name']]?: SettingsOf<P> };

export type Config = CoreConfig & PlatformConfigs;

/** A platform's settings by name (undefined when it is not configured). */
export function platformSettings(config: Config, name: string): unknown {
  return (config as unknown as Record<string, unknown>)[name];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates an environment. Tests pass their own; the process passes readEnvironment(). An empty
 * value means unset, for every key: .env.example lists most keys empty.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const given = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value?.trim() === '' ? undefined : value]));
  const result = Env.safeParse(given);
  const problems = result.success ? [] : result.error.issues.map((i) => ({ key: i.path.join('.') || '(environment)', message: i.message }));
  const configured: Record<string, unknown> = {};
  for (const platform of platformList) {
    const read = platform.readConfig(given);
    problems.push(...read.problems);
    if (read.settings !== undefined) configured[platform.name] = read.settings;
  }
  if (!result.success || problems.length > 0) {
    const lines = problems.map((p) => `  ${p.key} ${p.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}\nSee .env.example for every key.`);
  }
  const e = result.data;
  return {
    storeUrl: e.STORE_URL,
    archiveUrl: e.ARCHIVE_URL,
    contentDir: e.CONTENT_DIR,
    logLevel: e.LOG_LEVEL,
    opsPort: e.OPS_PORT,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    digestTimezone: e.DIGEST_TIMEZONE,
    digestCatchupMs: e.DIGEST_CATCHUP,
    feedsAllowPrivate: e.FEEDS_ALLOW_PRIVATE,
    ingestRetentionDays: e.INGEST_RETENTION_DAYS,
    feedsPerWorkspace: e.FEEDS_PER_WORKSPACE,
    routesPerWorkspace: e.ROUTES_PER_WORKSPACE,
    alertsPerHour: e.ALERTS_PER_HOUR,
    ingestWorkers: e.INGEST_WORKERS,
    ...configured,
  };
}

/**
 * process.env over the values in .env (when the file exists). ENV_FILE names another file;
 * ENV_FILE=none reads no file (tests use it so a developer's .env cannot leak in).
 */
export function readEnvironment(): Record<string, string | undefined> {
  const file = process.env.ENV_FILE ?? '.env';
  const fromFile: Record<string, string> = {};
  if (file !== 'none' && existsSync(file)) dotenv.config({ path: file, processEnv: fromFile, quiet: true } as dotenv.DotenvConfigOptions);
  return { ...fromFile, ...process.env };
}

export function loadConfig(): Config {
  return parseConfig(readEnvironment());
}
