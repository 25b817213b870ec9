// A bot process for the alert crash test (test/schedule/alerts-crash.test.ts): one alert pass over
// the routes in STORE_URL and the stories in ARCHIVE_URL, posting through the real Slack poster and
// WebClient (retries off, as the Slack adapter builds it) to the fake Slack at SLACK_API_URL. Its
// clock starts at CLOCK_START and runs at the wall clock's pace. Prints the pass's report.
import pino from 'pino';
import { openArchive } from '../../src/archive/open';
import { openNewsroom } from '../../src/open-newsroom';
import { AlertScheduler } from '../../src/schedule/alerts';
import { SharedPacer } from '../../src/schedule/rate-limit';
import { openStore } from '../../src/store/open';
import { childClock, childSlackPoster, required } from './crash-support';

const clock = childClock();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const store = await openStore(required('STORE_URL'), clock);
const archive = await openArchive(required('ARCHIVE_URL'));
const newsroom = await openNewsroom({ contentDir: required('CONTENT_DIR'), store, archive, logger, clock });
const poster = childSlackPoster(logger);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const alerts = new AlertScheduler({
  newsroom,
  posters: { slack: poster },
  // 200 a second (a 5 ms beat): at 2,000 a second half a beat is shorter than one SQLite write and
  // the shared pacer lets go of nearly every beat (see crash-restart.test.ts).
  pacer: (platform) => new SharedPacer(platform, 200, store, clock, sleep, logger),
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
