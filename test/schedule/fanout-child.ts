// A bot process for the crash tests (test/schedule/crash-restart.test.ts): one digest pass over the
// subscriptions in STORE_URL, posting through the real Slack poster and WebClient (retries off, as
// the Slack adapter builds it) to the fake Slack at SLACK_API_URL. Its clock starts at CLOCK_START
// and runs at the wall clock's pace, so a restart "45 minutes later" is told, not waited for.
// Prints the pass's report as one JSON line.
import pino from 'pino';
import { DigestScheduler } from '../../src/schedule/digests';
import { openStore } from '../../src/store/open';
import { bareNewsroom } from './bare-newsroom';
import { childClock, childSlackPoster, required } from './crash-support';

const clock = childClock();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const store = await openStore(required('STORE_URL'), clock);
const poster = childSlackPoster(logger);
const scheduler = new DigestScheduler({
  newsroom: bareNewsroom(store, clock, logger),
  posters: { slack: poster },
  catchupMs: 6 * 3_600_000,
  rates: { slack: Number(process.env.RATE ?? 200) },
  concurrency: 16,
});
process.stdout.write(`${JSON.stringify({ started: true })}\n`);
const report = await scheduler.tick();
process.stdout.write(`${JSON.stringify(report)}\n`);
await store.close();
process.exit(0);
