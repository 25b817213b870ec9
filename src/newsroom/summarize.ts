// Extractive summaries: pick whole sentences from the article, keep their order, and make the result
// read as a standalone paragraph (no opening pronoun, no orphaned quote, no dateline debris).
import { splitParagraphs, splitSentences } from './text/sentences';
import { contentWords } from './text/words';

export type SummaryLength = 'short' | 'medium' | 'long';

export const SENTENCES_FOR: Record<SummaryLength, number> = { short: 1, medium: 2, long: 3 };

export interface SummaryInput {
  readonly title: string;
  readonly body: string;
}

interface Candidate {
  readonly index: number;
  readonly text: string;
  readonly words: string[];
  score: number;
}

/** Pronouns and connectives that make a sentence lean on the one before it. */
const DANGLING_START =
  /^(?:[“"‘']\s*)?(?:he|she|it|they|them|his|her|its|their|this|that|these|those|but|and|also|however|meanwhile|still|yet|so|then|instead|such|there)\b/i;

/** "WASHINGTON (AP) —", "LONDON, March 3 (Reuters) -", "By Jane Doe" and similar debris. */
const DATELINE = /^(?:[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]+\.?\s*\d{0,2})?\s*(?:\([A-Za-z .]+\))?\s*[—–-]+\s*)/;
const BYLINE = /^(?:by|updated|published|posted)\b[^.]{0,80}$/i;

/** Removes a leading dateline so the sentence reads on its own. */
export function stripDateline(sentence: string): string {
  return sentence.replace(DATELINE, '').trim();
}

function quoteShare(sentence: string): number {
  const quoted = sentence.match(/[“"][^”"]*[”"]/g)?.join('').length ?? 0;
  return quoted / Math.max(sentence.length, 1);
}

function usable(sentence: string): boolean {
  const n = sentence.split(/\s+/).length;
  if (n < 6 || n > 60) return false;
  if (BYLINE.test(sentence)) return false;
  if (DANGLING_START.test(sentence)) return false;
  // A sentence that is mostly a quotation and names nobody reads as an orphaned fragment.
  if (quoteShare(sentence) > 0.6 && !/\b(?:said|says|told|added|according)\b/.test(sentence)) return false;
  if (/[?]$/.test(sentence)) return false;
  return true;
}

/** The article's sentences in order, datelines stripped. */
export function articleSentences(body: string): string[] {
  return splitParagraphs(body).flatMap((p) => splitSentences(p)).map(stripDateline).filter(Boolean);
}

/**
 * Scores each sentence by position (news puts the point first), by how central its words are to
 * the article, and by overlap with the headline; returns the best `count` in article order.
 */
export function summarize(article: SummaryInput, count: number, sentences = articleSentences(article.body)): string[] {
  if (sentences.length === 0) return [];
  const frequency = new Map<string, number>();
  for (const s of sentences) for (const w of new Set(contentWords(s))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const titleWords = new Set(contentWords(article.title));

  const candidates: Candidate[] = sentences.map((text, index) => {
    const ws = contentWords(text);
    return { index, text, words: ws, score: 0 };
  });
  for (const c of candidates) {
    if (c.words.length === 0) continue;
    const unique = new Set(c.words);
    let centrality = 0;
    for (const w of unique) centrality += Math.log(1 + (frequency.get(w) ?? 0));
    centrality /= Math.sqrt(unique.size);
    const titleOverlap = [...unique].filter((w) => titleWords.has(w)).length / Math.max(titleWords.size, 1);
    const position = 1 / (1 + c.index * 0.35);
    c.score = 2.2 * position + 0.35 * centrality + 1.2 * titleOverlap;
  }

  const pool = candidates.filter((c) => usable(c.text));
  const ranked = (pool.length > 0 ? pool : candidates).slice().sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (chosen.length >= count) break;
    // Skip near-repeats (a lead that restates the headline-like sentence before it).
    const redundant = chosen.some((d) => overlap(c.words, d.words) > 0.6);
    if (!redundant) chosen.push(c);
  }
  return chosen.sort((a, b) => a.index - b.index).map((c) => c.text);
}

function overlap(a: string[], b: string[]): number {
  const setB = new Set(b);
  const shared = new Set(a.filter((w) => setB.has(w))).size;
  return shared / Math.max(Math.min(new Set(a).size, setB.size), 1);
}
