// A bot process for the crash tests (test/schedule/crash-restart.test.ts): one digest pass over the
// subscriptions in STORE_URL, posting through the real Slack poster and WebClient (retries off, as
// the Slack adapter builds it) to the fake Slack at SLACK_API_URL. Its clock starts at CLOCK_START
// and runs at the wall clock's pace, so a "restart 16 minutes later" is told, not waited for.
// Prints the pass's report as one JSON line.
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { type MessagePoster, SlackChannelPoster } from '../../src/adapters/slack/poster';
import type { Clock } from '../../src/core/context';
import { DigestScheduler } from '../../src/schedule/digests';
import { openStore } from '../../src/store/open';
import { bareNewsroom } from './bare-newsroom';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const start = Date.parse(env('CLOCK_START'));
const t0 = performance.now();
const clock: Clock = { now: () => new Date(start + (performance.now() - t0)) };
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const store = await openStore(env('STORE_URL'), clock);
const client = new webApi.WebClient('xoxb-test', { slackApiUrl: env('SLACK_API_URL'), rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 5_000 });
const poster = new SlackChannelPoster({ client: client as unknown as MessagePoster, logger });
const scheduler = new DigestScheduler({
  newsroom: bareNewsroom(store, clock, logger),
  posters: { slack: poster },
  catchupMs: 6 * 3_600_000,
  rates: { slack: Number(process.env.RATE ?? 2000) },
  concurrency: 16,
});
process.stdout.write(`${JSON.stringify({ started: true })}\n`);
const report = await scheduler.tick();
process.stdout.write(`${JSON.stringify(report)}\n`);
await store.close();
process.exit(0);
