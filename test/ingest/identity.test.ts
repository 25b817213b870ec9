import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
