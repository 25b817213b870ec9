import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanStory, comparable } from '../../src/ingest/clean';
import { readSeedArticle, readSeedPage } from '../support/seed';
import { REPO } from './support';

const seedRaw = readSeedPage();
const seed = readSeedArticle();

describe('cleanStory', () => {
  it('turns the raw seed page into the published article: title, dek and body exactly', () => {
    const cleaned = cleanStory(seedRaw);
    expect(cleaned.title).toBe(seed.title);
    expect(cleaned.dek).toBe(seed.dek);
    expect(cleaned.body).toBe(seed.body);
  });

  it('drops the banners, the CDC line, "Click to continue reading" and share prompts wherever they are', () => {
    const text = [
      'This article may relate to COVID-19',
      'Council passes budget',
      'The council passed the budget on Monday.',
      'Share this story',
      'Facebook | Twitter | Email',
      'To access official information about the coronavirus, access CDC - Centers for Disease Control and Prevention.',
      'Tap to continue reading',
      'It takes effect in July.',
      'Advertisement',
    ].join('\n\n');
    expect(cleanStory(text)).toEqual({ title: 'Council passes budget', body: 'The council passed the budget on Monday.\n\nIt takes effect in July.' });
  });

  it('drops the COVID banner and CDC sentence when they share a paragraph, with an "ℹ" or a URL, or open a story paragraph', () => {
    const notice = readFileSync(join(REPO, 'content', 'notices', 'covid-19.md'), 'utf8');
    const banner = notice.split('---').pop()!.trim();
    expect(banner).toBe('This post may refer to COVID-19. To access official information about the coronavirus, access CDC - Centers for Disease Control and Prevention.');
    const story = 'The council passed the budget on Monday.';
    for (const text of [
      `${banner}\n\n${story}`,
      `ℹ ${banner}\n\n${story}`,
      `ℹ️ ${banner} https://www.cdc.gov/covid/index.html\n\n${story}`,
      `${banner} ${story}`,
      'This post may refer to COVID-19\n\nTo access official information about the coronavirus, access cdc.gov.\n\nThe council passed the budget on Monday.',
    ]) {
      expect(cleanStory(text, { title: 'Council passes budget' }).body, text).toBe(story);
    }
    // The seed page's banner, one paragraph instead of two, gives the same article.
    const joined = seedRaw.replace('This post may refer to COVID-19\n\nThis post may refer to COVID-19\n\nTo access', 'This post may refer to COVID-19. To access');
    expect(joined).not.toBe(seedRaw);
    expect(cleanStory(joined)).toEqual({ title: seed.title, dek: seed.dek, body: seed.body });
  });

  it('drops the WordPress footer and a "read more" prompt ending the last paragraph', () => {
    const body = 'The council passed the budget on Monday. It takes effect in July.';
    for (const tail of ['Click to continue reading', 'Continue reading…', 'Continue reading...', 'Read more', 'Read more »']) {
      expect(cleanStory(`${body} ${tail}`, { title: 'Budget' }).body, tail).toBe(body);
    }
    expect(cleanStory(`${body}\n\nThe post Council approves budget appeared first on The Ledger.`, { title: 'Budget' }).body).toBe(body);
    expect(cleanStory(`${body}\n\nThe Post Council approves budget appeared first on The Ledger`, { title: 'Budget' }).body).toBe(body);
    // Only a prompt after the last sentence: words of the story stay.
    const own = 'Parents said they wanted their children to read more.';
    expect(cleanStory(own, { title: 'Reading' }).body).toBe(own);
    expect(cleanStory(`Click to continue reading is what the button said. ${body}`, { title: 'Budget' }).body).toBe(`Click to continue reading is what the button said. ${body}`);
  });

  it('removes a known headline and dek repeated at the top, and only there', () => {
    const text = 'Bridge reopens\n\nBridge reopens\n\nCars are back.\n\nThe bridge reopened on Monday.\n\nBridge reopens';
    expect(cleanStory(text, { title: 'Bridge Reopens!', dek: 'Cars are back.' })).toEqual({
      title: 'Bridge Reopens!',
      dek: 'Cars are back.',
      body: 'The bridge reopened on Monday.\n\nBridge reopens',
    });
  });

  it('does not take a lede for a dek when a feed gave the title', () => {
    const text = 'The mayor resigned on Friday.\n\nShe had served two terms, the mayor said on Friday.';
    expect(cleanStory(text, { title: 'Mayor resigns' }).body).toBe(text);
  });

  it('keeps story paragraphs untouched (property)', () => {
    const word = fc.constantFrom('council', 'river', 'budget', 'said', 'the', 'mayor', 'bridge', 'on', 'Monday', 'votes');
    const paragraph = fc.array(word, { minLength: 6, maxLength: 30 }).map((w) => `${w.join(' ')}.`);
    fc.assert(
      fc.property(fc.uniqueArray(paragraph, { minLength: 1, maxLength: 8 }), (paragraphs) => {
        const body = paragraphs.join('\n\n');
        expect(cleanStory(body, { title: 'Headline' }).body).toBe(body);
      }),
    );
  });
});

describe('comparable', () => {
  it('is the plain definition (NFKD, lower case, each run of non-letters and non-digits one space, trimmed) on any text (property)', () => {
    const plain = (t: string) => t.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const piece = fc.constantFrom('a', 'Z', '9', ' ', ',', '’', '“', 'é', 'É', 'ß', 'ﬁ', '²', '½', '中', '😀', '𝐀', '\u0301', '-', '\n', 'İ', 'ǅ', '٣', '_', '\ud800');
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(piece).map((p) => p.join(''))), (text) => comparable(text) === plain(text)), { numRuns: 3000 });
    expect(comparable('Kim’s visit!  ﬁne ½ ')).toBe('kim s visit fine 1 2');
  });
});
