// A bot process for the alert crash test (test/schedule/alerts-crash.test.ts): one alert pass over
// the routes in STORE_URL and the stories in ARCHIVE_URL, posting through the real Slack poster and
// WebClient (retries off, as the Slack adapter builds it) to the fake Slack at SLACK_API_URL. Its
// clock starts at CLOCK_START and runs at the wall clock's pace. Prints the pass's report.
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { type MessagePoster, SlackChannelPoster } from '../../src/adapters/slack/poster';
import { openArchive } from '../../src/archive/open';
import type { Clock } from '../../src/core/context';
import { openNewsroom } from '../../src/open-newsroom';
import { AlertScheduler } from '../../src/schedule/alerts';
import { SharedPacer } from '../../src/schedule/rate-limit';
import { openStore } from '../../src/store/open';

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
const archive = await openArchive(env('ARCHIVE_URL'));
const newsroom = await openNewsroom({ contentDir: env('CONTENT_DIR'), store, archive, logger, clock });
const client = new webApi.WebClient('xoxb-test', { slackApiUrl: env('SLACK_API_URL'), rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 5_000 });
const poster = new SlackChannelPoster({ client: client as unknown as MessagePoster, logger });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const alerts = new AlertScheduler({
  newsroom,
  posters: { slack: poster },
  pacer: (platform) => new SharedPacer(platform, 2_000, store, clock, sleep, logger),
  owner: `replica-${process.pid}`,
  feedName: () => 'Crash Wire',
  perHour: 1_000,
});
const report = await alerts.tick();
process.stdout.write(`${JSON.stringify(report)}\n`);
await newsroom.close();
await archive.close();
await store.close();
process.exit(0);
