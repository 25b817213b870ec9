// The only reader of process.env (and of .env, through dotenv). Validated once at start-up; a bad
// value stops the process with a message naming the key.
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';
import { DURATION_FORMAT, parseDuration } from './core/duration';
import { parseStoreUrl } from './store/url';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const idList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/**
 * An optional setting: unset or empty gives `fallback`; otherwise `read` turns the text into the
 * value, and undefined from it means the text is not one ("must be <expected> (got ...)").
 */
function setting<T>(fallback: T, read: (text: string) => T | undefined, expected: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const value = read(v);
      if (value === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${expected} (got "${v}")` });
        return z.NEVER;
      }
      return value;
    });
}

const port = (fallback: number | undefined) =>
  setting(fallback, (v) => (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 65535 ? Number(v) : undefined), 'a port number 0-65535');

const url = setting<string | undefined>(
  undefined,
  (v) => {
    try {
      new URL(v);
      return v;
    } catch {
      return undefined;
    }
  },
  'a URL',
);

/** true/false (also 1/0, yes/no, on/off); unset or empty is false. */
const FLAG_WORDS = new Map(Object.entries({ true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false }));
const flag = setting(false, (v) => FLAG_WORDS.get(v.toLowerCase()), 'true or false');

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
    SLACK_BOT_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_PORT: port(3000),
    SLACK_API_URL: url,
    SLACK_MODERATOR_IDS: idList,
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText,
    DISCORD_GUILD_ID: optionalText,
    DISCORD_API_URL: url,
    DISCORD_MODERATOR_ROLE_IDS: idList,
    DISCORD_SHARDS: z
      .string()
      .trim()
      .optional()
      .refine((v) => v === undefined || v === '' || v === 'auto' || /^[1-9]\d*$/.test(v), { message: 'must be "auto" or a whole number' }),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SLACK_SIGNING_SECRET'], message: 'is required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set' });
    }
  });

export interface Config {
  readonly storeUrl: string;
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
  readonly slack?: {
    readonly botToken: string;
    readonly signingSecret?: string;
    readonly appToken?: string;
    readonly port: number;
    readonly apiUrl?: string;
    readonly moderatorIds: readonly string[];
  };
  readonly discord?: {
    readonly token: string;
    readonly applicationId?: string;
    readonly guildId?: string;
    readonly apiUrl?: string;
    readonly moderatorRoleIds: readonly string[];
    readonly shards?: 'auto' | number;
  };
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
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'} ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}\nSee .env.example for every key.`);
  }
  const e = result.data;
  return {
    storeUrl: e.STORE_URL,
    contentDir: e.CONTENT_DIR,
    logLevel: e.LOG_LEVEL,
    opsPort: e.OPS_PORT,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    digestTimezone: e.DIGEST_TIMEZONE,
    digestCatchupMs: e.DIGEST_CATCHUP,
    feedsAllowPrivate: e.FEEDS_ALLOW_PRIVATE,
    ingestRetentionDays: e.INGEST_RETENTION_DAYS,
    ...(e.SLACK_BOT_TOKEN && {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        ...(e.SLACK_SIGNING_SECRET && { signingSecret: e.SLACK_SIGNING_SECRET }),
        ...(e.SLACK_APP_TOKEN && { appToken: e.SLACK_APP_TOKEN }),
        port: e.SLACK_PORT ?? 3000,
        ...(e.SLACK_API_URL && { apiUrl: e.SLACK_API_URL }),
        moderatorIds: e.SLACK_MODERATOR_IDS,
      },
    }),
    ...(e.DISCORD_TOKEN && {
      discord: {
        token: e.DISCORD_TOKEN,
        ...(e.DISCORD_APPLICATION_ID && { applicationId: e.DISCORD_APPLICATION_ID }),
        ...(e.DISCORD_GUILD_ID && { guildId: e.DISCORD_GUILD_ID }),
        ...(e.DISCORD_API_URL && { apiUrl: e.DISCORD_API_URL }),
        moderatorRoleIds: e.DISCORD_MODERATOR_ROLE_IDS,
        ...(e.DISCORD_SHARDS && { shards: e.DISCORD_SHARDS === 'auto' ? ('auto' as const) : Number(e.DISCORD_SHARDS) }),
      },
    }),
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
