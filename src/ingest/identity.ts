// What makes two feed items the same story: a canonical URL (tracking parameters and fragment
// stripped), a GUID, or near-identical title and body text.
import { comparable } from './clean';

const TRACKING = /^(utm_.*|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref_src)$/i;

/** https://Example.com/a/?utm_source=x&b=1#top -> https://example.com/a/?b=1 */
export function canonicalUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) if (TRACKING.test(key)) parsed.searchParams.delete(key);
  parsed.searchParams.sort();
  return parsed.href;
}

/** Word 3-grams of title and body, hashed: the set two near-identical stories share most of. */
export function shingles(title: string, body: string): Set<number> {
  const text = comparable(`${title} ${body}`);
  const out = new Set<number>();
  if (text === '') return out;
  const words = text.split(' ');
  if (words.length < 3) return out.add(fnv(FNV_START, text) >>> 0);
  // The hash of "a b c" without building the string (the bands filed with every article are made
  // of these values: they must not change).
  for (let i = 0; i + 2 < words.length; i++) out.add(fnv(fnv(fnv(FNV_START, words[i]!), ' ', words[i + 1]!), ' ', words[i + 2]!) >>> 0);
  return out;
}

/** FNV-1a: small, stable across runs. */
const FNV_START = 0x811c9dc5;

/** FNV-1a continued over each text in turn. */
function fnv(h: number, ...texts: string[]): number {
  for (const text of texts) for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Jaccard similarity of two shingle sets (1 = same words in the same order). */
export function similarity(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Above this, two texts are the same story told twice (a syndicated copy, a light re-edit). */
export const NEAR_DUPLICATE = 0.8;

/** MinHash values per text, taken in bands of ROWS: texts sharing a band are near-duplicate candidates. */
const HASHES = 64;
const ROWS = 4;
const SEEDS = Array.from({ length: HASHES }, (_, i) => mix(Math.imul(i + 1, 0x9e3779b9)));

/** murmur3's finaliser: a cheap 32-bit mix, so each seed gives an independent permutation. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The locality-sensitive band hashes of a shingle set (MinHash, 16 bands of 4): two texts with
 * Jaccard similarity 0.8 share a band with probability 0.9998, at 0.3 with 0.12, so the archive
 * finds near-duplicate candidates by an index lookup; `similarity` then decides on the few it finds.
 * Signed 32-bit, so every database's integer column holds them.
 */
export function nearDuplicateBands(shingleSet: ReadonlySet<number>): number[] {
  if (shingleSet.size === 0) return [];
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of shingleSet) {
    for (let i = 0; i < HASHES; i++) {
      const h = mix(s ^ SEEDS[i]!);
      if (h < mins[i]!) mins[i] = h;
    }
  }
  const bands: number[] = [];
  for (let b = 0; b < HASHES / ROWS; b++) {
    let h = b + 1;
    for (let r = 0; r < ROWS; r++) h = mix(Math.imul(h, 31) ^ mins[b * ROWS + r]!);
    bands.push(h | 0);
  }
  return bands;
}
