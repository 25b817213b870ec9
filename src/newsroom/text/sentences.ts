// Sentence splitting for newswire. wink-nlp does the heavy lifting (it knows U.S., Brig. Gen., Jan.,
// initials and decimals); a small repair pass then fixes what it gets wrong in news copy: a break
// inside a quotation ("Stop. Now," he said.), an attribution split off its quote ("Over?" she asked.),
// and a few military and civil titles it does not know (Maj., Adm.).
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { occurrences } from './words';

// One instance per process is a cache of an immutable model, not shared mutable state.
const nlp = winkNLP(model, ['sbd']);

const TITLE_ABBREVIATIONS = new Set([
  'adm', 'brig', 'capt', 'cmdr', 'col', 'cpl', 'gen', 'gov', 'lt', 'maj', 'sgt', 'sen', 'rep', 'rev',
  'dr', 'mr', 'mrs', 'ms', 'prof', 'pres', 'supt', 'det', 'insp', 'st', 'ft', 'mt', 'no', 'vs',
]);


/** True when the text opens more double quotations than it closes. */
function insideQuote(text: string): boolean {
  if (occurrences(text, '“') > occurrences(text, '”') || occurrences(text, '"') % 2 === 1) return true;
  // British single quotes: one opened (after a space or colon, before a capital) and not closed.
  if (!text.includes("'") && !text.includes('‘')) return false;
  const single = /(?:^|[\s:(])['‘](?=\p{Lu})(?!.*(?:^|[\s:(])['‘]\p{Lu})/u.exec(text);
  return single !== null && !/['’](?=[\s.,;:!?)]|$)/.test(text.slice(single.index + single[0].length));
}

function endsWithTitle(text: string): boolean {
  // (The end-anchored pattern would be tried from every space of the sentence.)
  if (!text.endsWith('.')) return false;
  const match = /(?:^|\s)([A-Za-z]+)\.$/.exec(text);
  return match !== null && TITLE_ABBREVIATIONS.has(match[1]!.toLowerCase());
}

function shouldJoin(previous: string, next: string): boolean {
  if (endsWithTitle(previous)) return true;
  // "D-N.M.," and "J.B." : a break between two initials.
  if (previous.endsWith('.') && /\b\p{Lu}\.$/u.test(previous) && /^\p{Lu}\.(?:[\s,;]|$)/u.test(next)) return true;
  // "Is it over?" / she asked.  — a lowercase start continues the sentence before it.
  if (/^[a-z]/.test(next)) return true;
  // A quotation still open at the break: the sentence goes on until it closes.
  if (insideQuote(previous) && !insideQuote(previous + next) && next.length < 400) return true;
  return false;
}

/** The repair pass over wink's sentences of one paragraph. */
function repaired(text: string, raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const piece of raw) {
    const sentence = piece.trim();
    if (sentence === '') continue;
    const last = out.at(-1);
    if (last !== undefined && shouldJoin(last, sentence)) out[out.length - 1] = text.includes(`${last}${sentence}`) ? `${last}${sentence}` : `${last} ${sentence}`;
    else out.push(sentence);
  }
  return out;
}

/** Splits one paragraph into sentences. */
export function splitSentences(paragraph: string): string[] {
  const text = paragraph.replace(/\s+/g, ' ').trim();
  if (text === '') return [];
  return repaired(text, nlp.readDoc(text).sentences().out() as string[]);
}

/**
 * The sentences of every paragraph (as splitParagraphs returns them), from one pass of wink over
 * the whole body: a third faster than a pass per paragraph. A sentence never crosses a paragraph.
 */
export function splitBodySentences(paragraphs: readonly string[]): string[][] {
  const text = paragraphs.join('\n\n');
  const ends: number[] = [];
  let at = 0;
  for (const p of paragraphs) ends.push((at += p.length + 2) - 2);
  const pieces: string[][] = paragraphs.map(() => []);
  let cursor = 0;
  let paragraph = 0;
  for (const raw of nlp.readDoc(text).sentences().out() as string[]) {
    for (const part of raw.includes('\n') ? raw.split(/\n\s*\n/) : [raw]) {
      const piece = part.trim();
      if (piece === '') continue;
      const found = text.indexOf(piece, cursor);
      if (found < 0) return paragraphs.map(splitSentences); // wink changed the text: take the slow, sure way
      while (paragraph < ends.length - 1 && found > ends[paragraph]!) paragraph++;
      pieces[paragraph]!.push(piece);
      cursor = found + piece.length;
    }
  }
  return pieces.map((raw, i) => repaired(paragraphs[i]!, raw));
}

/** Paragraphs of a body: separated by blank lines, inner line breaks folded. */
export function splitParagraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    // (Most paragraphs have no run of white space to fold: tested before replacing.)
    .map((p) => (/[^\S ]| {2}/.test(p) ? p.replace(/\s+/g, ' ') : p).trim())
    .filter((p) => p !== '');
}

