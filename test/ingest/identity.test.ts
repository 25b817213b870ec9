import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparable } from '../../src/ingest/clean';
import { canonicalUrl, NEAR_DUPLICATE, shingles, similarity } from '../../src/ingest/identity';

describe('canonicalUrl', () => {
  it('strips utm_* and click ids, the fragment, and sorts the query', () => {
    expect(canonicalUrl('https://Example.com/a/b?utm_source=rss&z=1&utm_medium=x&fbclid=9&a=2#top')).toBe('https://example.com/a/b?a=2&z=1');
  });
  it('is idempotent and leaves no tracking parameter or fragment (property)', () => {
    const key = fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'fbclid', 'id', 'page', 'q');
    const query = fc.array(fc.tuple(key, fc.stringMatching(/^[a-z0-9]{0,6}$/)), { maxLength: 6 });
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: false, withFragments: true }), query, (base, params) => {
        const url = new URL(base);
        for (const [k, v] of params) url.searchParams.append(k, v);
        const once = canonicalUrl(url.href)!;
        expect(canonicalUrl(once)).toBe(once);
        expect(once).not.toMatch(/[?&](utm_|fbclid)|#/);
      }),
    );
  });

  it('refuses what is not an http(s) URL', () => {
    expect(canonicalUrl('mailto:desk@example.com')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
  });
});

describe('near-identical stories', () => {
  const body = 'The council voted on Tuesday to build protected bike lanes along Main Street, ending a long debate. Shop owners had worried about parking.';
  it('a copy with a changed word or two is the same story', () => {
    const copy = body.replace('Tuesday', 'Tuesday night');
    expect(similarity(shingles('Bike lanes approved', body), shingles('Bike lanes approved', copy))).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
  });
  it('a different story on the same subject is not', () => {
    const other = 'Shop owners on Main Street asked the council to keep parking spaces when the bike lanes are built next year.';
    expect(similarity(shingles('Bike lanes approved', body), shingles('Shops want parking', other))).toBeLessThan(0.3);
  });
});

describe('shingles', () => {
  it('are the FNV-1a hashes of each three words in a row, as filed with every article (property)', () => {
    // The bands stored in the archive are made of these values: the definition may not drift.
    const fnv = (text: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    const plain = (title: string, body: string) => {
      const words = comparable(`${title} ${body}`).split(' ').filter(Boolean);
      const out = new Set<number>();
      for (let i = 0; i + 2 < words.length || (i === 0 && words.length > 0); i++) out.add(fnv(words.slice(i, i + 3).join(' ')));
      return out;
    };
    const word = fc.constantFrom('kim', 'Putin', 'said', '’', 'é', '', ' ', '-', '2026', '中文');
    const text = fc.array(word, { maxLength: 12 }).map((w) => w.join(' '));
    const same = (a: Set<number>, b: Set<number>) => a.size === b.size && [...a].every((x) => b.has(x));
    fc.assert(fc.property(text, text, (title, body) => same(shingles(title, body), plain(title, body))), { numRuns: 2000 });
    expect(shingles('', 'one two three')).toEqual(new Set([fnv('one two three')]));
  });
});
