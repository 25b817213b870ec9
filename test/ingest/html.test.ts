import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText, readPage } from '../../src/ingest/html';
import { PageTooComplexError } from '../../src/ingest/page-shape';
import { storyFromItem, storyFromPage } from '../../src/ingest/story';
import { cpuStopwatch } from '../support/cpu';
import { readSeedArticle } from '../support/seed';
import { FIXTURES } from './feed-server';
import { recordingLogger } from './support';

const seed = readSeedArticle();

describe('htmlToText', () => {
  it('makes a paragraph of each block and joins inline text', () => {
    const html = '<p>One <b>bold</b>\n  claim.</p><div>Two<br>lines</div><ul><li>a</li><li>b</li></ul><script>x()</script>';
    expect(htmlToText(html)).toBe('One bold claim.\n\nTwo\n\nlines\n\na\n\nb');
  });
  it('decodes entities', () => {
    expect(htmlToText('<p>Fish &amp; chips &#8220;today&#8221;</p>')).toBe('Fish & chips “today”');
  });
});

describe('readPage + storyFromPage', () => {
  it('extracts the seed page served as HTML into the published article', () => {
    const html = readFileSync(join(FIXTURES, 'pages', 'kim-jong-un.html'), 'utf8');
    const page = readPage(html, 'http://127.0.0.1/pages/kim-jong-un.html?utm_source=x');
    const story = storyFromPage(page!, 'http://127.0.0.1/pages/kim-jong-un.html', new Date(0));
    expect(story).toMatchObject({ title: seed.title, dek: seed.dek, body: seed.body });
    expect(story!.url).toBe('https://news.example.com/world/kim-jong-un-arrives-in-russia');
    expect(story!.published.toISOString()).toBe('2023-09-12T08:00:00.000Z');
  });

  it('finds no article in a page without one', () => {
    expect(readPage('<html><body><nav><a href="/">Home</a></nav></body></html>', 'http://127.0.0.1/')).toBeNull();
  });
});

describe('pathological HTML', () => {
  const sentence = 'Word after word in a long sentence that goes on. '.repeat(20);
  const nested = (depth: number, tag = 'div') => `<html><body>${`<${tag}>`.repeat(depth)}<p>${sentence}</p>${`</${tag}>`.repeat(depth)}</body></html>`;
  const timed = <T>(run: () => T): { value: T | Error; ms: number } => {
    const elapsed = cpuStopwatch(); // CPU time: a loaded machine barely moves it
    let value: T | Error;
    try {
      value = run();
    } catch (error) {
      value = error as Error;
    }
    return { value, ms: elapsed() };
  };

  it('refuses a page nested 5,000 deep at once, in one line (readability took minutes)', () => {
    for (const html of [nested(5_000), nested(100_000), '<div/>'.repeat(200_000)]) {
      const { value, ms } = timed(() => readPage(html, 'https://example.com/'));
      expect(value).toBeInstanceOf(PageTooComplexError);
      expect((value as Error).message).toBe('page not read: elements nested more than 300 deep');
      expect(ms).toBeLessThan(1_000);
    }
  });

  it('refuses a page of more than 20,000 elements, and stray end tags past the parse budget', () => {
    const wide = timed(() => readPage(`<html><body>${'<p>a b c d e f g h</p>'.repeat(200_000)}</body></html>`, 'https://example.com/'));
    expect((wide.value as Error).message).toBe('page not read: more than 20000 elements');
    expect(wide.ms).toBeLessThan(1_000);
    const stray = timed(() => readPage(`${'<div>'.repeat(290)}${'</x>'.repeat(100_000)}`, 'https://example.com/'));
    expect(stray.value).toBeInstanceOf(PageTooComplexError);
    expect(stray.ms).toBeLessThan(1_000);
  });

  it('still reads an article nested a plausible depth', () => {
    const article = `<article><h1>Bridge reopens</h1>${'<p>The bridge reopened on Monday after months of repairs, the city said.</p>'.repeat(20)}</article>`;
    const page = readPage(`<html><body>${'<div>'.repeat(200)}${article}${'</div>'.repeat(200)}</body></html>`, 'https://example.com/');
    expect(page?.text).toContain('The bridge reopened on Monday');
  });

  it('turns 20,000-deep feed HTML into its text without overflowing the stack', () => {
    for (const depth of [20_000, 100_000]) {
      const { value, ms } = timed(() => htmlToText(nested(depth)));
      expect(value).toBe(sentence.trim());
      expect(ms).toBeLessThan(2_000);
    }
    const mixed = '<p>One <b>bold</b> claim &amp; more.</p><div>Two<br>lines</div><script>x("<p>no</p>")</script><noscript>hidden</noscript><p>a < b</p><!-- <p>c</p> -->';
    expect(htmlToText(`${'<span>'.repeat(1_000)}${mixed}`)).toBe(htmlToText(mixed));
    expect(htmlToText(mixed)).toBe('One bold claim & more.\n\nTwo\n\nlines\n\na < b');
  });

  it('keeps the teaser of an item whose page is refused, and logs why', async () => {
    const log = recordingLogger();
    const item = { link: 'https://example.com/deep', title: 'Bridge reopens', published: new Date('2024-05-01T00:00:00Z'), categories: [], html: `${'<div>'.repeat(20_000)}<p>The bridge reopened on Monday…</p>` };
    const elapsed = cpuStopwatch();
    const story = await storyFromItem(item, { name: 'Wire', tags: [] }, async (url) => readPage(nested(5_000), url), log);
    expect(elapsed()).toBeLessThan(2_000);
    expect(story).toMatchObject({ title: 'Bridge reopens', body: 'The bridge reopened on Monday…' });
    expect(log.records).toContainEqual(expect.objectContaining({ msg: 'full text not fetched; keeping the teaser', fields: expect.objectContaining({ reason: 'page not read: elements nested more than 300 deep' }) }));
  });

  it('skips, with the reason logged, an item that fails to read, instead of throwing', async () => {
    const log = recordingLogger();
    const broken = {
      link: 'https://example.com/a',
      title: 'Bridge reopens',
      published: new Date('2024-05-01T00:00:00Z'),
      categories: [],
      get html(): string {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    expect(await storyFromItem(broken, { name: 'Wire', tags: [] }, async () => null, log)).toBeNull();
    expect(log.records).toContainEqual(expect.objectContaining({ msg: 'feed item skipped', fields: expect.objectContaining({ reason: 'Maximum call stack size exceeded' }) }));
  });
});
