import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

describe('parseConfig', () => {
  it('has defaults that start the console on SQLite', () => {
    const config = parseConfig({});
    expect(config.storeUrl).toBe('sqlite://data/newsroom.sqlite');
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
  });

  it('takes a STORE_URL namespace of letters, digits, - and _, and says what is wrong with another', () => {
    expect(parseConfig({ STORE_URL: 'postgres://bot@db/news?namespace=staging_2-b' }).storeUrl).toBe('postgres://bot@db/news?namespace=staging_2-b');
    expect(() => parseConfig({ STORE_URL: 'redis://127.0.0.1:6379/0?namespace=a b' })).toThrow(
      `STORE_URL namespace must be letters, digits, '-' and '_' only (got "a b")`,
    );
  });

  it('refuses private feed addresses unless FEEDS_ALLOW_PRIVATE says otherwise', () => {
    expect(parseConfig({}).feedsAllowPrivate).toBe(false);
    expect(parseConfig({ FEEDS_ALLOW_PRIVATE: '' }).feedsAllowPrivate).toBe(false);
    expect(parseConfig({ FEEDS_ALLOW_PRIVATE: 'false' }).feedsAllowPrivate).toBe(false);
    expect(parseConfig({ FEEDS_ALLOW_PRIVATE: 'true' }).feedsAllowPrivate).toBe(true);
    expect(parseConfig({ FEEDS_ALLOW_PRIVATE: ' TRUE ' }).feedsAllowPrivate).toBe(true);
    expect(() => parseConfig({ FEEDS_ALLOW_PRIVATE: 'maybe' })).toThrow('FEEDS_ALLOW_PRIVATE must be true or false (got "maybe")');
  });

  it('keeps ingested articles 180 days unless INGEST_RETENTION_DAYS says otherwise (0: forever)', () => {
    expect(parseConfig({}).ingestRetentionDays).toBe(180);
    expect(parseConfig({ INGEST_RETENTION_DAYS: '' }).ingestRetentionDays).toBe(180);
    expect(parseConfig({ INGEST_RETENTION_DAYS: ' 30 ' }).ingestRetentionDays).toBe(30);
    expect(parseConfig({ INGEST_RETENTION_DAYS: '0' }).ingestRetentionDays).toBe(0);
    expect(() => parseConfig({ INGEST_RETENTION_DAYS: '-5' })).toThrow('INGEST_RETENTION_DAYS must be a whole number of days, 0 to keep forever (got "-5")');
  });

  it('lets a workspace follow 50 feeds unless FEEDS_PER_WORKSPACE says otherwise', () => {
    expect(parseConfig({}).feedsPerWorkspace).toBe(50);
    expect(parseConfig({ FEEDS_PER_WORKSPACE: ' 7 ' }).feedsPerWorkspace).toBe(7);
    expect(() => parseConfig({ FEEDS_PER_WORKSPACE: '0' })).toThrow('FEEDS_PER_WORKSPACE must be a whole number from 1 to 10000 (got "0")');
    expect(() => parseConfig({ FEEDS_PER_WORKSPACE: 'lots' })).toThrow('FEEDS_PER_WORKSPACE must be a whole number from 1 to 10000 (got "lots")');
  });

  it("leaves the ingest pool's size to the machine unless INGEST_WORKERS says otherwise", () => {
    expect(parseConfig({}).ingestWorkers).toBeUndefined();
    expect(parseConfig({ INGEST_WORKERS: '3' }).ingestWorkers).toBe(3);
    expect(() => parseConfig({ INGEST_WORKERS: '0' })).toThrow('INGEST_WORKERS must be a whole number from 1 to 32 (got "0")');
  });

  it('reads Slack and Discord settings', () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_MODERATOR_IDS: 'U1, U2',
      DISCORD_TOKEN: 't',
      DISCORD_SHARDS: 'auto',
    });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: 's', port: 3000, moderatorIds: ['U1', 'U2'] });
    expect(config.discord).toMatchObject({ token: 't', shards: 'auto', moderatorRoleIds: [] });
  });

  it.each([
    [{ STORE_URL: 'mysql://x' }, 'STORE_URL'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', SLACK_PORT: 'eighty' }, 'SLACK_PORT'],
    [{ DISCORD_TOKEN: 't', DISCORD_API_URL: 'not a url' }, 'DISCORD_API_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ FEEDS_ALLOW_PRIVATE: 'maybe' }, 'FEEDS_ALLOW_PRIVATE'],
    [{ STORE_URL: 'redis://127.0.0.1:6379?namespace=bot:one' }, 'STORE_URL'],
    [{ INGEST_RETENTION_DAYS: '-1' }, 'INGEST_RETENTION_DAYS'],
    [{ INGEST_RETENTION_DAYS: '1.5' }, 'INGEST_RETENTION_DAYS'],
    [{ INGEST_RETENTION_DAYS: 'forever' }, 'INGEST_RETENTION_DAYS'],
  ])('fails fast naming the key: %o', (env, key) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`^Configuration is not valid:\\n  ${key} `));
  });
});

describe('.env.example as copied', () => {
  const example = readFileSync(join(import.meta.dirname, '../.env.example'), 'utf8');
  const listed = dotenv.parse(example);
  // Keys the file shows only commented out (ENV_FILE) are not settings of the bot.
  const keys = Object.keys(listed);

  it('lists the settings', () => {
    expect(keys).toEqual(expect.arrayContaining(['STORE_URL', 'LOG_LEVEL', 'SHUTDOWN_GRACE', 'SLACK_BOT_TOKEN', 'DISCORD_TOKEN', 'DISCORD_SHARDS']));
  });

  it.each(keys)('an empty %s means unset', (key) => {
    expect(parseConfig({ [key]: '' })).toEqual(parseConfig({}));
    expect(parseConfig({ [key]: '   ' })).toEqual(parseConfig({}));
  });

  it('all of it at once, as `cp .env.example .env` leaves it, starts the console with the defaults', () => {
    const config = parseConfig(listed);
    expect(config).toEqual(parseConfig({}));
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
  });
});

describe('duration settings', () => {
  it('a bare number is refused with the fix, not read as milliseconds', () => {
    expect(parseConfig({ SHUTDOWN_GRACE: '30s' }).shutdownGraceMs).toBe(30_000);
    expect(parseConfig({ DIGEST_CATCHUP: '90m' }).digestCatchupMs).toBe(90 * 60_000);
    expect(() => parseConfig({ SHUTDOWN_GRACE: '10' })).toThrow('SHUTDOWN_GRACE must be a duration with a unit, like 1500ms, 90s, 15m, 6h or 1d (got "10")');
    expect(() => parseConfig({ DIGEST_CATCHUP: '6' })).toThrow('DIGEST_CATCHUP must be a duration with a unit');
  });
});
