// Pages for the event-loop test and bench (bench/pages.bench.ts): article pages of about 5 MB (the
// fixture article under a long comment section: some 13,000 elements, which Readability scores),
// a small page that Readability takes minutes over (deep nesting inside PAGE_LIMITS), a feed of
// teaser items linking to them, and a wire that keeps what it is given.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Story } from '../../src/ingest/story';
import type { Wire } from '../../src/ingest/wire';
import { FIXTURES } from './feed-server';

const ARTICLE = readFileSync(join(FIXTURES, 'pages', 'kim-jong-un.html'), 'utf8');
const REMARK = 'Readers discussed the visit at length, comparing it with earlier summits and asking what it would mean for the region. ';

/** Page number `n` (its own headline), padded with comments to about `bytes`. */
export function bigPage(n: number, bytes = 5_000_000): string {
  const comment = (i: number) => `<div class="comment" id="c${i}"><p class="comment-body">${REMARK.repeat(6)}</p></div>\n`;
  const count = Math.max(0, Math.floor((bytes - ARTICLE.length) / comment(0).length));
  const comments = `<section class="comments">${Array.from({ length: count }, (_, i) => comment(i)).join('')}</section>`;
  return ARTICLE.replace('</body>', `${comments}</body>`).replaceAll('arrives in Russia', `arrives in Russia (part ${n})`);
}

/**
 * A page Readability needs minutes for, though it stays inside PAGE_LIMITS: 280 nested <div>s,
 * each with `perLevel` paragraphs (15 per level took over a minute on the test machine).
 */
export function slowPage(perLevel = 15, depth = 280): string {
  let open = '';
  for (let d = 0; d < depth; d++) {
    open += '<div>';
    for (let i = 0; i < perLevel; i++) open += `<p>${`word${d * perLevel + i} `.repeat(30)}</p>`;
  }
  return `<html><head><title>Deep</title></head><body>${open}${'</div>'.repeat(depth)}</body></html>`;
}

/** An RSS feed of teaser items, item n linking to `links[n]` ({{BASE}} is the feed server's address). */
export function teaserFeed(links: readonly string[]): string {
  const items = links.map(
    (link, n) => `<item><title>Teaser ${n + 1}: Kim Jong Un arrives in Russia</title><link>{{BASE}}${link}</link><guid>teaser-${n + 1}</guid>
      <pubDate>Fri, 03 May 2024 12:00:00 GMT</pubDate><description>Kim Jong Un has arrived in Russia. Read more</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>${items.join('\n')}</channel></rss>`;
}

/**
 * The wire reduced to what the event-loop test and bench look at: every story is new and kept in
 * `stories`. The archive behind the real one is not under test; any other method answers as an
 * empty archive would.
 */
export function keepingWire(stories: Story[]): Wire {
  const known: Record<string, unknown> = {
    ready: async () => undefined,
    seen: async () => null,
    tooOld: () => false,
    accept: async (story: Story) => {
      stories.push(story);
      return { outcome: 'new', article: { ...story, slug: `story-${stories.length}` } };
    },
  };
  return new Proxy(known, { get: (target, key: string) => target[key] ?? (async () => ({ removed: 0, complete: true })) }) as unknown as Wire;
}
