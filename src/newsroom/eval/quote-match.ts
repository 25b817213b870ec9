// Scoring extracted quotations against annotated ones. Matching rules (documented in README):
// - quote text: curly and straight quote marks, apostrophes and dashes folded; whitespace collapsed;
//   letter case ignored; punctuation and spaces at either edge dropped ("rattled," = "Rattled").
// - speaker: case ignored, a leading "the" and leading titles dropped ("Brig. Gen. Pat Ryder" =
//   "Pat Ryder", "the Kremlin" = "Kremlin"), other punctuation ignored ("U.S." = "US").
// - only quotations of three or more words count, on both sides (the target says so; shorter ones
//   are scare quotes such as "rattled" that the annotations leave out).
// Each annotated quote matches at most one extracted quote.

export interface ScoredQuote {
  readonly text: string;
  readonly speaker: string | null;
}

export interface Counts {
  /** Extracted quotes that match an annotated one. */
  matched: number;
  extracted: number;
  annotated: number;
}

export interface QuoteMismatch {
  readonly kind: 'missed' | 'spurious' | 'wrong speaker';
  readonly text: string;
  readonly expected: string | null;
  readonly got: string | null;
}

const TITLE_WORDS = new Set(
  `mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister secretary sen senator
  rep representative gov governor mayor judge justice gen general lt col colonel maj major capt captain sgt
  sergeant brig adm admiral cmdr commander chief det detective insp inspector supt rev reverend father
  rabbi imam pope king queen prince princess chancellor ambassador attorney coach`.split(/\s+/),
);

export function quoteKey(text: string): string {
  return text
    .replace(/[“”„‟"«»]/g, '"')
    .replace(/[‘’‚‛`´]/g, "'")
    .replace(/[–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

export function speakerKey(speaker: string | null): string {
  if (speaker === null) return '';
  const words = speaker
    .toLowerCase()
    .replace(/[’']s$/, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words[0] === 'the') words.shift();
  while (words.length > 1 && TITLE_WORDS.has(words[0]!)) words.shift();
  return words.join(' ');
}

export function countsQuote(text: string): boolean {
  return quoteKey(text).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length >= 3;
}

/** Greedy one-to-one matching; `withSpeaker` also requires the speakers to agree. */
export function matchQuotes(
  extracted: readonly ScoredQuote[],
  annotated: readonly ScoredQuote[],
  withSpeaker: boolean,
): { counts: Counts; mismatches: QuoteMismatch[] } {
  const gold = annotated.filter((q) => countsQuote(q.text)).map((q) => ({ q, key: quoteKey(q.text), speaker: speakerKey(q.speaker), used: false }));
  const found = extracted.filter((q) => countsQuote(q.text));
  const mismatches: QuoteMismatch[] = [];
  let matched = 0;
  for (const q of found) {
    const key = quoteKey(q.text);
    const speaker = speakerKey(q.speaker);
    const sameText = gold.filter((g) => !g.used && g.key === key);
    const hit = withSpeaker ? sameText.find((g) => g.speaker === speaker) : sameText[0];
    if (hit) {
      hit.used = true;
      matched++;
    } else if (withSpeaker && sameText[0]) {
      mismatches.push({ kind: 'wrong speaker', text: q.text, expected: sameText[0].q.speaker, got: q.speaker });
    } else mismatches.push({ kind: 'spurious', text: q.text, expected: null, got: q.speaker });
  }
  for (const g of gold) {
    if (g.used) continue;
    const wrongSpeaker = mismatches.some((m) => m.kind === 'wrong speaker' && quoteKey(m.text) === g.key);
    if (!wrongSpeaker) mismatches.push({ kind: 'missed', text: g.q.text, expected: g.q.speaker, got: null });
  }
  return { counts: { matched, extracted: found.length, annotated: gold.length }, mismatches };
}

export function precisionRecallF1(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.extracted === 0 ? (c.annotated === 0 ? 1 : 0) : c.matched / c.extracted;
  const recall = c.annotated === 0 ? 1 : c.matched / c.annotated;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
