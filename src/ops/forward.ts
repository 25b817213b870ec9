// Metrics across processes: a Discord shard process keeps its own counters (its commands), and the
// manager process, which serves /metrics, asks each shard for them over the IPC channel the
// ShardingManager opened. The manager merges them (Metrics.addRemote); no prom-client here.
import type { Metrics } from './metrics';

const ASK = 'newsroom:metrics?';
const ANSWER = 'newsroom:metrics';

interface Ask {
  readonly type: typeof ASK;
  readonly id: number;
}
interface Answer {
  readonly type: typeof ANSWER;
  readonly id: number;
  readonly metrics: unknown;
}

/** In a child process: answer the parent's requests for this process's metrics. */
export function answerMetricsRequests(metrics: Metrics, proc: NodeJS.Process = process): void {
  if (!proc.send) return; // not a child with an IPC channel
  proc.on('message', (message: unknown) => {
    const ask = message as Partial<Ask> | null;
    if (ask?.type !== ASK || typeof ask.id !== 'number') return;
    void metrics.registry.getMetricsAsJSON().then((json) => {
      const answer: Answer = { type: ANSWER, id: ask.id!, metrics: json };
      proc.send?.(answer);
    });
  });
}

/** What askForMetrics needs of a child process handle (discord.js's Shard has this shape). */
export interface MetricsChild {
  send(message: unknown): Promise<unknown> | unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

let nextId = 0;

/** In the parent: one child's metrics (getMetricsAsJSON()), or undefined if it does not answer in time. */
export function askForMetrics(child: MetricsChild, timeoutMs = 2000): Promise<unknown | undefined> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const done = (value: unknown) => {
      clearTimeout(timer);
      child.off('message', listener);
      resolve(value);
    };
    const listener = (message: unknown) => {
      const answer = message as Partial<Answer> | null;
      if (answer?.type === ANSWER && answer.id === id) done(answer.metrics);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    child.on('message', listener);
    Promise.resolve()
      .then(() => child.send({ type: ASK, id } satisfies Ask))
      .catch(() => done(undefined));
  });
}
