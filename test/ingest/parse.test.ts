import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedFormatError, looksLikeFeed, parseFeed } from '../../src/ingest/parse';
import { FIXTURES } from './feed-server';

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
