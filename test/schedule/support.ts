// Builders shared by the digest and schedule tests: a clock that moves only when told, and a
// recording poster that can be told to fail.
import pino from 'pino';
import type { ChannelPoster } from '../../src/core/adapter';
import type { Clock, Logger } from '../../src/core/context';
import type { Reply } from '../../src/core/reply';

export const quietLogger: Logger = pino({ level: 'silent' });

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface Posted {
  readonly channelId: string;
  readonly reply: Reply;
}

/** Records every post; `fail` decides per call whether to throw instead. */
export class RecordingPoster implements ChannelPoster {
  readonly posted: Posted[] = [];
  calls = 0;
  constructor(private readonly fail: (channelId: string, call: number) => Error | undefined = () => undefined) {}
  async post(channelId: string, reply: Reply): Promise<void> {
    const error = this.fail(channelId, ++this.calls);
    if (error) throw error;
    this.posted.push({ channelId, reply });
  }
  countFor(channelId: string): number {
    return this.posted.filter((p) => p.channelId === channelId).length;
  }
}
