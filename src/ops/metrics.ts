// Prometheus metrics (prom-client) on a registry of our own, not prom-client's global one, so two
// bots in one test process never share counters.
import { AggregatorRegistry, Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Meter, MeterEvent } from '../core/context';
import type { CommandRecord } from '../core/dispatcher';

export class Metrics implements Meter {
  readonly registry = new Registry();
  /** Other processes' metrics (Discord shards), merged into text(). */
  private readonly remotes: Array<() => Promise<readonly unknown[]>> = [];
  private readonly commands = new Counter({
    name: 'newsroom_commands_total',
    help: 'Commands handled, by command, platform and outcome (ok, refused, error)',
    labelNames: ['command', 'platform', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'newsroom_command_duration_seconds',
    help: 'Time from a command reaching the dispatcher to its reply',
    labelNames: ['command', 'platform'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly events = new Counter({
    name: 'newsroom_events_total',
    help: 'Digests posted and failed, rate-limit waits, store errors, feed fetches',
    labelNames: ['event', 'platform'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'newsroom_' });
  }

  recordCommand(record: CommandRecord): void {
    this.commands.inc({ command: record.command, platform: record.platform, outcome: record.outcome });
    this.latency.observe({ command: record.command, platform: record.platform }, record.latencyMs / 1000);
  }

  increment(event: MeterEvent, labels: { platform?: string } = {}): void {
    this.events.inc({ event, platform: labels.platform ?? 'none' });
  }

  /** Adds metrics kept elsewhere (as `getMetricsAsJSON()` arrays, one per process): counters are summed. */
  addRemote(source: () => Promise<readonly unknown[]>): void {
    this.remotes.push(source);
  }

  async text(): Promise<string> {
    if (this.remotes.length === 0) return this.registry.metrics();
    const remote = (await Promise.all(this.remotes.map((source) => source().catch(() => [])))).flat();
    if (remote.length === 0) return this.registry.metrics();
    return AggregatorRegistry.aggregate([await this.registry.getMetricsAsJSON(), ...(remote as object[])]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
