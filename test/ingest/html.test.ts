import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText, readPage } from '../../src/ingest/html';
import { storyFromPage } from '../../src/ingest/story';
import { parseArticle } from '../../src/newsroom/article';
import { FIXTURES } from './feed-server';
import { REPO } from './support';

const seedFile = join(REPO, 'content', 'articles', '2023-09-12-kim-jong-un-arrives-in-russia.md');
const seed = parseArticle(readFileSync(seedFile, 'utf8'), seedFile);

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
