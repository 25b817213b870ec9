// The only place node-cron runs jobs. With several replicas, node-cron's run coordinator asks the
// store for a lease per fire (store.add: SET NX PX on Redis, INSERT ... ON CONFLICT elsewhere), so
// one replica runs each minute; the digest delivery records still stop duplicates if two do.
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/context';
import type { Store } from '../store/store';
import type { Job } from './job';

export class StoreRunCoordinator implements RunCoordinator {
  constructor(
    private readonly store: Store,
    private readonly owner: string,
  ) {}

  /**
   * node-cron's key is "<job>:<slot ISO>"; the first replica to add the job's lease runs that fire.
   * One row per job, taken over once it expires (lease < the job's period), rather than a row per
   * minute that SQL stores would keep forever.
   */
  shouldRun(key: string, ttlMs: number): Promise<boolean> {
    return this.store.add('cron-runs', key.split(':', 1)[0]!, { owner: this.owner, fire: key }, ttlMs);
  }
}

export interface CronRunnerOptions {
  readonly logger: Logger;
  /** Present when replicas share a store: one of them runs each fire. */
  readonly coordinator?: RunCoordinator;
  /** How long a fire's lease lasts (longer than a fire takes to start). */
  readonly leaseMs?: number;
}

export class CronRunner {
  private readonly tasks: ScheduledTask[] = [];

  constructor(private readonly options: CronRunnerOptions) {}

  add(job: Job): ScheduledTask {
    const log = this.options.logger.child({ job: job.name });
    const task = cron.createTask(
      job.schedule,
      async (ctx) => {
        try {
          await job.run({ firedAt: ctx.date });
        } catch (error) {
          log.error({ err: error }, 'scheduled job failed');
        }
      },
      {
        name: job.name,
        timezone: job.timezone ?? 'UTC',
        noOverlap: true,
        ...(this.options.coordinator && { distributed: true, runCoordinator: this.options.coordinator, distributedLease: this.options.leaseMs ?? 50_000 }),
        logger: {
          info: (m) => log.debug(m),
          warn: (m) => log.warn(m),
          error: (m, e) => log.error({ err: e ?? m }, typeof m === 'string' ? m : 'node-cron error'),
          debug: () => undefined,
        },
      },
    );
    this.tasks.push(task);
    return task;
  }

  async start(): Promise<void> {
    for (const task of this.tasks) await task.start();
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.destroy();
    this.tasks.length = 0;
  }
}
