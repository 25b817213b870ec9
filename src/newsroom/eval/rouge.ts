// ROUGE-N and ROUGE-L F1 (Lin 2004), as the ROUGE-1.5.5 toolkit and Google's rouge-score compute
// them: lower-cased alphanumeric tokens ([a-z0-9]+, everything else a separator), each token
// stemmed, no stopword removal. ROUGE-L is the LCS over the whole text (rouge-score's "rougeL").
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface RougeScores {
  readonly rouge1: number;
  readonly rouge2: number;
  readonly rougeL: number;
}

// The Porter2 (Snowball English) stemmer that ships with wink-nlp; the ROUGE toolkit uses the
// original Porter, which differs on few words. Cached: evaluation stems the same words many times.
const nlp = winkNLP(model, []);
const stems = new Map<string, string>();

function stem(token: string): string {
  // The toolkit leaves short tokens alone (rouge-score: len > 3).
  if (token.length <= 3 || /^\d+$/.test(token)) return token;
  let stemmed = stems.get(token);
  if (stemmed === undefined) {
    stemmed = (nlp.readDoc(token).tokens().out(nlp.its.stem as never) as unknown as string[])[0] ?? token;
    stems.set(token, stemmed);
  }
  return stemmed;
}

export function rougeTokens(text: string, stemming = true): string[] {
  const tokens = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  return stemming ? tokens.map(stem) : tokens;
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function f1(overlap: number, candidateSize: number, referenceSize: number): number {
  if (overlap === 0 || candidateSize === 0 || referenceSize === 0) return 0;
  const precision = overlap / candidateSize;
  const recall = overlap / referenceSize;
  return (2 * precision * recall) / (precision + recall);
}

function rougeN(candidate: readonly string[], reference: readonly string[], n: number): number {
  const c = ngrams(candidate, n);
  const r = ngrams(reference, n);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  return f1(overlap, Math.max(candidate.length - n + 1, 0), Math.max(reference.length - n + 1, 0));
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      next[j] = a[i - 1] === b[j - 1] ? row[j - 1]! + 1 : Math.max(row[j]!, next[j - 1]!);
    }
    row = next;
  }
  return row[b.length]!;
}

/** ROUGE-1, ROUGE-2 and ROUGE-L F1 of a candidate summary against one reference, each in 0..1. */
export function rouge(candidate: string, reference: string, stemming = true): RougeScores {
  const c = rougeTokens(candidate, stemming);
  const r = rougeTokens(reference, stemming);
  return { rouge1: rougeN(c, r, 1), rouge2: rougeN(c, r, 2), rougeL: f1(lcsLength(c, r), c.length, r.length) };
}
