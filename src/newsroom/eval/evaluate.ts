// Scores the newsroom's summaries, quotes and COVID-19 notice against annotated articles, with
// Lead-3 (the first three sentences) as the summary baseline computed in the same run.
import { detect, type NoticeDefinition } from '../notice';
import { extractQuotes } from '../quotes';
import { articleSentences, SENTENCES_FOR, summarize } from '../summarize';
import type { AnnotatedArticle } from './dataset';
import { type Counts, matchQuotes, precisionRecallF1, type QuoteMismatch } from './quote-match';
import { rouge, type RougeScores } from './rouge';

export interface PrfScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly matched: number;
  readonly extracted: number;
  readonly annotated: number;
}

export interface ArticleResult {
  readonly id: string;
  readonly file: string;
  readonly quotes?: { withSpeaker: PrfScores; textOnly: PrfScores; mismatches: QuoteMismatch[] };
  readonly summary?: { ours: RougeScores; lead3: RougeScores; sentences: string[] };
  readonly notice: { expected: boolean; got: boolean; terms: string[] };
}

export interface EvalReport {
  readonly articles: number;
  readonly quotes: { articles: number; withSpeaker: PrfScores; textOnly: PrfScores };
  /** Mean F1 over the articles that have a reference summary. */
  readonly summaries: { articles: number; sentences: number; ours: RougeScores; lead3: RougeScores };
  readonly notice: { articles: number; correct: number; accuracy: number; falseAlarms: string[]; misses: string[] };
  readonly details: ArticleResult[];
}

function prf(c: Counts): PrfScores {
  return { ...precisionRecallF1(c), ...c };
}

function add(total: Counts, c: Counts): void {
  total.matched += c.matched;
  total.extracted += c.extracted;
  total.annotated += c.annotated;
}

function mean(scores: RougeScores[]): RougeScores {
  const n = Math.max(scores.length, 1);
  const sum = (k: keyof RougeScores) => scores.reduce((s, r) => s + r[k], 0) / n;
  return { rouge1: sum('rouge1'), rouge2: sum('rouge2'), rougeL: sum('rougeL') };
}

/** `summarySentences`: how many sentences our summary and the lead baseline take (default 3). */
export function evaluate(articles: readonly AnnotatedArticle[], notice: NoticeDefinition, summarySentences = SENTENCES_FOR.long): EvalReport {
  const pairs: Counts = { matched: 0, extracted: 0, annotated: 0 };
  const texts: Counts = { matched: 0, extracted: 0, annotated: 0 };
  const ours: RougeScores[] = [];
  const lead: RougeScores[] = [];
  const details: ArticleResult[] = [];
  let quoteArticles = 0;
  let correct = 0;
  const falseAlarms: string[] = [];
  const misses: string[] = [];

  for (const a of articles) {
    let quotes: ArticleResult['quotes'];
    if (a.quotes) {
      quoteArticles++;
      const found = extractQuotes(a.body);
      const withSpeaker = matchQuotes(found, a.quotes, true);
      const textOnly = matchQuotes(found, a.quotes, false);
      add(pairs, withSpeaker.counts);
      add(texts, textOnly.counts);
      quotes = { withSpeaker: prf(withSpeaker.counts), textOnly: prf(textOnly.counts), mismatches: withSpeaker.mismatches };
    }
    let summary: ArticleResult['summary'];
    if (a.referenceSummary) {
      const sentences = articleSentences(a.body);
      const chosen = summarize({ title: a.title, body: a.body }, summarySentences, sentences);
      summary = {
        ours: rouge(chosen.join(' '), a.referenceSummary),
        lead3: rouge(sentences.slice(0, summarySentences).join(' '), a.referenceSummary),
        sentences: chosen,
      };
      ours.push(summary.ours);
      lead.push(summary.lead3);
    }
    const verdict = detect(notice, [a.title, a.body].join('\n\n'));
    if (verdict.applies === a.mentionsCovid) correct++;
    else (verdict.applies ? falseAlarms : misses).push(a.file);
    details.push({ id: a.id, file: a.file, quotes, summary, notice: { expected: a.mentionsCovid, got: verdict.applies, terms: verdict.terms } });
  }

  return {
    articles: articles.length,
    quotes: { articles: quoteArticles, withSpeaker: prf(pairs), textOnly: prf(texts) },
    summaries: { articles: ours.length, sentences: summarySentences, ours: mean(ours), lead3: mean(lead) },
    notice: { articles: articles.length, correct, accuracy: articles.length ? correct / articles.length : 1, falseAlarms, misses },
    details,
  };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

/** The report as a plain-text table. */
export function formatReport(r: EvalReport, withDetails = false): string {
  const q = r.quotes;
  const s = r.summaries;
  const lines = [
    `${r.articles} articles`,
    '',
    `Quotes (${q.articles} articles)        precision  recall     F1   (matched/extracted/annotated)`,
    `  quote + speaker              ${pct(q.withSpeaker.precision)}   ${pct(q.withSpeaker.recall)}  ${pct(q.withSpeaker.f1)}   (${q.withSpeaker.matched}/${q.withSpeaker.extracted}/${q.withSpeaker.annotated})`,
    `  quote text only              ${pct(q.textOnly.precision)}   ${pct(q.textOnly.recall)}  ${pct(q.textOnly.f1)}   (${q.textOnly.matched}/${q.textOnly.extracted}/${q.textOnly.annotated})`,
    '',
    `Summaries (${s.articles} articles, ${s.sentences} sentences, F1)   ROUGE-1  ROUGE-2  ROUGE-L`,
    `  newsroom summarize                    ${pct(s.ours.rouge1)}    ${pct(s.ours.rouge2)}    ${pct(s.ours.rougeL)}`,
    `  Lead-${s.sentences} baseline                       ${pct(s.lead3.rouge1)}    ${pct(s.lead3.rouge2)}    ${pct(s.lead3.rougeL)}`,
    '',
    `COVID-19 notice: ${r.notice.correct}/${r.notice.articles} correct (accuracy ${pct(r.notice.accuracy).trim()}%)` +
      (r.notice.falseAlarms.length ? `; false alarms: ${r.notice.falseAlarms.join(', ')}` : '') +
      (r.notice.misses.length ? `; missed: ${r.notice.misses.join(', ')}` : ''),
  ];
  if (withDetails) {
    for (const d of r.details) {
      const parts: string[] = [];
      if (d.summary) parts.push(`  summary R1/R2/RL ${pct(d.summary.ours.rouge1)} ${pct(d.summary.ours.rouge2)} ${pct(d.summary.ours.rougeL)}  lead ${pct(d.summary.lead3.rouge1)} ${pct(d.summary.lead3.rouge2)} ${pct(d.summary.lead3.rougeL)}`);
      for (const m of d.quotes?.mismatches ?? []) parts.push(`  ${m.kind}: “${m.text.slice(0, 70)}” expected ${m.expected ?? '-'}, got ${m.got ?? '-'}`);
      if (parts.length) lines.push('', d.file, ...parts);
    }
  }
  return `${lines.join('\n')}\n`;
}
