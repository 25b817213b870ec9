// Shared by the crash tests (kill -9 mid fan-out, then a restart) and the bot processes they run:
// the parent's "kill it at the K-th post", and the child's environment, clock and Slack poster.
import { webApi } from '@slack/bolt';
import { type MessagePoster, SlackChannelPoster } from '../../src/adapters/slack/poster';
import type { Clock, Logger } from '../../src/core/context';
import type { FakeSlack } from '../fakes/slack';
import { type ChildRun, killHard, runTypeScript } from '../support/processes';

/**
 * Runs a bot process and kills it with SIGKILL the moment the fake Slack has stored its `crashAt`-th
 * post, leaving that request unanswered (the bot cannot know whether it arrived).
 */
export async function runUntilKilled(slack: FakeSlack, file: string, env: Record<string, string>, crashAt: number): Promise<ChildRun> {
  const run = runTypeScript(file, env);
  slack.onPost = (count) => {
    if (count !== crashAt) return;
    killHard(run.child);
    return 'hang';
  };
  const ended = await run.exited;
  slack.onPost = undefined;
  if (ended.signal !== 'SIGKILL') throw new Error(`the bot process ended (${ended.code ?? ended.signal}) before post ${crashAt}: ${run.stderr()}`);
  return run;
}

/** In a bot process: a variable the parent must set. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** In a bot process: a clock that starts at CLOCK_START and runs at the wall clock's pace. */
export function childClock(): Clock {
  const start = Date.parse(required('CLOCK_START'));
  const t0 = performance.now();
  return { now: () => new Date(start + (performance.now() - t0)) };
}

/** In a bot process: the real Slack poster and WebClient (retries off, as the adapter builds it) to SLACK_API_URL. */
export function childSlackPoster(logger: Logger): SlackChannelPoster {
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: required('SLACK_API_URL'), rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 5_000 });
  return new SlackChannelPoster({ client: client as unknown as MessagePoster, logger });
}
