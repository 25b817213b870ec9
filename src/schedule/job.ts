// A scheduled job, neutral about what fires it: node-cron in production (./cron.ts), a test
// calling run() with its own clock.

export interface JobContext {
  /** The slot node-cron fired for (the minute, not the moment the callback ran). */
  readonly firedAt: Date;
}

export interface Job {
  readonly name: string;
  /** A cron expression, evaluated in UTC unless `timezone` says otherwise. */
  readonly schedule: string;
  readonly timezone?: string;
  run(ctx: JobContext): Promise<void>;
}
