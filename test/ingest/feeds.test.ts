import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedUrl, loadFeedFile, parseInterval } from '../../src/ingest/feeds';
import { contentDir, recordingLogger } from './support';

describe('content/feeds.yaml', () => {
  it('reads url, name, interval and tags, with defaults', async () => {
    const dir = contentDir('feeds:\n  - url: https://www.example.com/rss.xml\n    name: Example\n    interval: 2h\n    tags: [world]\n  - url: "https://feeds.example.org/atom#x"\n');
    expect(await loadFeedFile(join(dir, 'feeds.yaml'), recordingLogger())).toEqual([
      { url: 'https://www.example.com/rss.xml', name: 'Example', intervalMs: 7_200_000, tags: ['world'], origin: 'file' },
      { url: 'https://feeds.example.org/atom', name: 'feeds.example.org', intervalMs: 900_000, tags: [], origin: 'file' },
    ]);
  });

  it('ships empty, and a missing file means no feeds', async () => {
    expect(await loadFeedFile(join(import.meta.dirname, '..', '..', 'content', 'feeds.yaml'), recordingLogger())).toEqual([]);
    expect(await loadFeedFile('/nonexistent/feeds.yaml', recordingLogger())).toEqual([]);
  });

  it('reports a bad entry with the file and the field, and yields no feeds', async () => {
    const dir = contentDir();
    const file = join(dir, 'feeds.yaml');
    writeFileSync(file, 'feeds:\n  - url: ftp://example.com/feed\n');
    const logger = recordingLogger();
    expect(await loadFeedFile(file, logger)).toEqual([]);
    expect(logger.records[0]).toMatchObject({ level: 'error', msg: `${file}: field "feeds.0.url" must be an http(s) URL` });
    writeFileSync(file, 'feeds: [unclosed\n');
    expect(await loadFeedFile(file, logger)).toEqual([]);
    expect(logger.records[1]!.msg).toMatch(/feeds\.yaml: not valid YAML/);
  });

  it('parses intervals and feed URLs the way moderators type them', () => {
    expect([parseInterval('90s'), parseInterval('15m'), parseInterval('2 hours'), parseInterval('soon'), parseInterval('0m')]).toEqual([90_000, 900_000, 7_200_000, undefined, undefined]);
    // No unit, no guess: a bare number meant minutes here and milliseconds in SHUTDOWN_GRACE.
    expect([parseInterval(30), parseInterval('30')]).toEqual([undefined, undefined]);
    expect(feedUrl('<https://example.com/feed|example.com/feed>')).toBe('https://example.com/feed');
    expect(feedUrl('javascript:alert(1)')).toBeNull();
  });
});
