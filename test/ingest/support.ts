// Builders for the feed tests: a temp content folder (the real notice and articles, plus a
// feeds.yaml), a clock the test moves, and a logger that keeps what it was told.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Logger } from '../../src/core/context';

export const REPO = join(import.meta.dirname, '..', '..');

export function contentDir(feedsYaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-feeds-'));
  cpSync(join(REPO, 'content', 'notices'), join(dir, 'notices'), { recursive: true });
  cpSync(join(REPO, 'content', 'articles'), join(dir, 'articles'), { recursive: true });
  if (feedsYaml !== undefined) writeFileSync(join(dir, 'feeds.yaml'), feedsYaml);
  return dir;
}

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface LogRecord {
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger that records every line with its bindings (feed name, url) merged in. */
export function recordingLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger & { records: LogRecord[] } {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      const fields = typeof obj === 'string' ? {} : (obj as Record<string, unknown>);
      records.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? ''), fields: { ...bindings, ...fields } });
    };
  return {
    records,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(records, { ...bindings, ...more }),
  };
}

export const moderator = { platform: 'console' as const, workspaceId: 'w1', channelId: 'c1', user: { id: 'mod', name: 'Mo Derator', isModerator: true } };
export const reader = { platform: 'console' as const, workspaceId: 'w1', channelId: 'c1', user: { id: 'reader', name: 'Rea Der', isModerator: false } };
