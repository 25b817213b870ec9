// Word-level helpers shared by search, summaries and scoring.

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further had has
  have having he her here hers herself him himself his how i if in into is it its itself just me more
  most my myself no nor not now of off on once only or other our ours ourselves out over own same she
  should so some such than that the their theirs them themselves then there these they this those
  through to too under until up very was we were what when where which while who whom why will with
  would you your yours yourself yourselves said says say told according mr mrs ms one two new`.split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*/gu;
const ASCII_WORD = /[a-z0-9]+(?:['.-][a-z0-9]+)*/g;

/** Lower-cased word tokens; curly apostrophes folded, possessive 's dropped. */
export function words(text: string): string[] {
  return rawWords(text).map(cleaned);
}

/** Most words need no cleaning; testing first is cheaper than two replaces on every word. */
function cleaned(w: string): string {
  return w.includes("'") || w.includes('.') ? w.replace(/'s$/, '').replace(/\./g, '') : w;
}

/** The lower-cased tokens before cleaning. */
function rawWords(text: string): string[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  // ASCII text takes a plain regex: Unicode property classes are slower, ten times so on text
  // stored two bytes a character. Curly double quotes and dashes, never part of a word, do not
  // count against it.
  return (/^[\x00-\x7F\u2013\u2014\u201C\u201D]*$/.test(lower) ? lower.match(ASCII_WORD) : lower.match(WORD)) ?? [];
}

/** Whether a UTF-16 code is one of JavaScript's `\s` (white space or a line terminator). */
function isSpaceCode(c: number): boolean {
  // (Letters, digits and punctuation of plain text are settled by the first test.)
  if (c > 32 && c < 0xa0) return false;
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x2000 && c <= 0x200a) || c === 0xa0 || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** How many pieces `text.split(/\s+/)` makes, counted without making them (it runs on every sentence). */
export function pieceCount(text: string): number {
  let pieces = 1;
  for (let i = 0, inSpace = false; i < text.length; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (space && !inSpace) pieces++;
    inSpace = space;
  }
  return pieces;
}

/** How many times `ch` (one UTF-16 code) occurs in `text`. */
export function occurrences(text: string, ch: string): number {
  let n = 0;
  for (let at = text.indexOf(ch); at >= 0; at = text.indexOf(ch, at + 1)) n++;
  return n;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Words that carry meaning: no stopwords, no single letters. */
export function contentWords(text: string): string[] {
  // (One pass, no array in between: it runs on every sentence of every article.)
  const out: string[] = [];
  for (const raw of rawWords(text)) {
    const w = cleaned(raw);
    if (w.length > 1 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

/** Levenshtein distance, for "did you mean" suggestions on short strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
