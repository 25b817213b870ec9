import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedFormatError, looksLikeFeed, parseFeed, parseFeedDate } from '../../src/ingest/parse';
import { FIXTURES } from './feed-server';
import { REPO } from './support';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8').replaceAll('{{BASE}}', 'http://127.0.0.1:8080');

describe('parseFeed', () => {
  it('reads RSS 2.0: content:encoded as the text, description as the summary, categories, creator', async () => {
    const feed = await parseFeed(fixture('city.rss.xml'));
    expect(feed.title).toBe('Riverton City Desk');
    expect(feed.items[0]).toMatchObject({
      guid: 'riverton-2024-0501-bike-lanes',
      link: 'http://127.0.0.1:8080/news/bike-lanes',
      title: 'City council approves new bike lanes on Main Street',
      author: 'Ana Ruiz',
      categories: ['Transport'],
      summary: 'The council voted 7-2 for protected bike lanes on Main Street.',
    });
    expect(feed.items[0]!.published?.toISOString()).toBe('2024-05-01T09:00:00.000Z');
    expect(feed.items[0]!.html).toContain('<p>The Riverton city council voted 7-2');
  });

  it('reads Atom: content, or the summary when there is no content; id as the GUID', async () => {
    const feed = await parseFeed(fixture('valley-wire.atom.xml'));
    expect(feed.items.map((i) => i.guid)).toEqual(['urn:valley-wire:2024:bike-lanes', 'urn:valley-wire:2024:harbor-bridge', 'urn:valley-wire:2024:library-hours']);
    expect(feed.items[1]).toMatchObject({ html: 'The bridge is open again after repairs…', link: 'http://127.0.0.1:8080/news/harbor-bridge?utm_source=valley-wire&utm_medium=atom#comments' });
    expect(feed.items[1]!.summary).toBeUndefined();
    expect(feed.items[2]!.summary).toBe('The central library will stay open until midnight on weekends in May and June.');
  });

  it('keeps the other entries when one Atom entry has an unreadable date', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>a</id><title>Bad date</title><link href="http://x.test/a"/><published>last Tuesday</published></entry>
      <entry><id>b</id><title>Good date</title><link href="http://x.test/b"/><published>2024-05-01T00:00:00Z</published></entry></feed>`;
    const feed = await parseFeed(xml);
    expect(feed.items.map((i) => [i.title, i.published?.toISOString()])).toEqual([
      ['Bad date', undefined],
      ['Good date', '2024-05-01T00:00:00.000Z'],
    ]);
  });

  it('resolves relative links against the feed URL', async () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><title>x</title><link>/news/x</link></item></channel></rss>';
    expect((await parseFeed(xml, 'https://example.com/feeds/rss.xml')).items[0]!.link).toBe('https://example.com/news/x');
  });

  it('names malformed XML in one line', async () => {
    const error = await parseFeed(fixture('broken.rss.xml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedFormatError);
    expect((error as Error).message).toMatch(/^not a readable RSS or Atom feed: [^\n]+$/);
  });

  it('tells a feed from a web page', () => {
    expect(looksLikeFeed(fixture('city.rss.xml'))).toBe(true);
    expect(looksLikeFeed(fixture('valley-wire.atom.xml'))).toBe(true);
    expect(looksLikeFeed(readFileSync(join(FIXTURES, 'pages', 'teachers.html'), 'utf8'))).toBe(false);
  });
});

describe('feed dates', () => {
  const iso = (raw: string) => parseFeedDate(raw)?.toISOString();

  it('reads zone abbreviations V8 does not know as their offsets', () => {
    const cases: Record<string, string> = {
      BST: '2023-09-12T09:00:00.000Z', IST: '2023-09-12T04:30:00.000Z', CET: '2023-09-12T09:00:00.000Z', CEST: '2023-09-12T08:00:00.000Z',
      EET: '2023-09-12T08:00:00.000Z', EEST: '2023-09-12T07:00:00.000Z', WET: '2023-09-12T10:00:00.000Z', WEST: '2023-09-12T09:00:00.000Z',
      MSK: '2023-09-12T07:00:00.000Z', GMT: '2023-09-12T10:00:00.000Z', UTC: '2023-09-12T10:00:00.000Z', UT: '2023-09-12T10:00:00.000Z', Z: '2023-09-12T10:00:00.000Z',
      EST: '2023-09-12T15:00:00.000Z', EDT: '2023-09-12T14:00:00.000Z', CST: '2023-09-12T16:00:00.000Z', CDT: '2023-09-12T15:00:00.000Z',
      MST: '2023-09-12T17:00:00.000Z', MDT: '2023-09-12T16:00:00.000Z', PST: '2023-09-12T18:00:00.000Z', PDT: '2023-09-12T17:00:00.000Z',
      AEST: '2023-09-12T00:00:00.000Z', AEDT: '2023-09-11T23:00:00.000Z', JST: '2023-09-12T01:00:00.000Z', KST: '2023-09-12T01:00:00.000Z',
      HKT: '2023-09-12T02:00:00.000Z', SGT: '2023-09-12T02:00:00.000Z',
    };
    for (const [zone, expected] of Object.entries(cases)) expect(iso(`Tue, 12 Sep 2023 10:00:00 ${zone}`), zone).toBe(expected);
    expect(iso('Tue, 12 Sep 2023 10:00:00 bst')).toBe('2023-09-12T09:00:00.000Z');
    expect(iso('Tue, 12 Sep 2023 10:00:00 +0100 (BST)')).toBe('2023-09-12T09:00:00.000Z');
    expect(iso('2023-09-12T10:00:00+02:00')).toBe('2023-09-12T08:00:00.000Z');
    expect(iso('Tue, 12 Sep 2023 10:00:00 XYZ')).toBeUndefined();
    expect(iso('last Tuesday')).toBeUndefined();
  });

  it('takes a date without a zone as UTC, whatever the server\'s time zone', () => {
    // Run in a child under New York time, where V8 reads zone-less dates as 4 hours later in UTC.
    const script = `
      import { parseFeed, parseFeedDate } from ${JSON.stringify(join(REPO, 'src', 'ingest', 'parse.ts'))};
      const dates = ['2023-09-12T10:00:00', '2023-09-12 10:00', 'Tue, 12 Sep 2023 10:00:00', 'Tue, 12 Sep 2023', '2023-09-12', 'Tue, 12 Sep 2023 10:00:00 BST'];
      const rss = '<rss version="2.0"><channel><title>T</title>' + dates.map((d, i) => '<item><title>' + i + '</title><link>http://x.test/' + i + '</link><pubDate>' + d + '</pubDate></item>').join('') + '</channel></rss>';
      const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>a</id><title>a</title><link href="http://x.test/a"/><published>2023-09-12T10:00:00</published></entry><entry><id>b</id><title>b</title><link href="http://x.test/b"/><updated>Tue, 12 Sep 2023 10:00:00 CEST</updated></entry></feed>';
      const items = [...(await parseFeed(rss)).items, ...(await parseFeed(atom)).items];
      console.log(JSON.stringify({ offset: new Date('2023-09-12T10:00:00').getTimezoneOffset(), direct: dates.map((d) => parseFeedDate(d)?.toISOString()), feed: items.map((i) => i.published?.toISOString()) }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, TZ: 'America/New_York' } });
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { offset: number; direct: string[]; feed: string[] };
    expect(out.offset).toBe(240);
    const expected = ['2023-09-12T10:00:00.000Z', '2023-09-12T10:00:00.000Z', '2023-09-12T10:00:00.000Z', '2023-09-12T00:00:00.000Z', '2023-09-12T00:00:00.000Z', '2023-09-12T09:00:00.000Z'];
    expect(out.direct).toEqual(expected);
    expect(out.feed).toEqual([...expected, '2023-09-12T10:00:00.000Z', '2023-09-12T08:00:00.000Z']);
  });
});
