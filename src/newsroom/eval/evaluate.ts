// Scores the newsroom's summaries, quotes and COVID-19 notice against annotated articles, with
// Lead-3 (the first three sentences) as the summary baseline computed in the same run.
import { detectArticle, type NoticeDefinition } from '../notice';
import { extractQuotes } from '../quotes';
import { articleSentences, SENTENCES_FOR, SUMMARY_WEIGHTS, type SummaryWeights, summarize } from '../summarize';
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
  readonly collection: string | null;
  readonly quotes?: { withSpeaker: PrfScores; textOnly: PrfScores; mismatches: QuoteMismatch[] };
  readonly summary?: { ours: RougeScores; lead3: RougeScores; sentences: string[] };
  /** `expected` is null when the file does not say (then the article is not scored for the notice). */
  readonly notice: { expected: boolean | null; got: boolean; terms: string[] };
}

export interface EvalReport {
  readonly articles: number;
  readonly quotes: { articles: number; withSpeaker: PrfScores; textOnly: PrfScores };
  /**
   * Mean F1 over the articles that have a reference summary; `versusLead`: on how many articles ours
   * scores above, level with and below Lead-N, per measure; `collections`: the same per source
   * collection (when the articles come from more than one), since a mean over all can hide one that loses.
   */
  readonly summaries: SummaryScores & { sentences: number; versusLead: HeadToHead; collections: (SummaryScores & { name: string; versusLead: HeadToHead })[] };
  readonly notice: { articles: number; correct: number; accuracy: number; falseAlarms: string[]; misses: string[] };
  readonly details: ArticleResult[];
}

export interface SummaryScores {
  readonly articles: number;
  readonly ours: RougeScores;
  readonly lead3: RougeScores;
}

export type HeadToHead = Record<keyof RougeScores, { wins: number; ties: number; losses: number }>;

const MEASURES = ['rouge1', 'rouge2', 'rougeL'] as const;

/** Per measure, the articles where ours scores above, level with (within 1e-9) and below the lead. */
export function headToHead(pairs: readonly { ours: RougeScores; lead3: RougeScores }[]): HeadToHead {
  const record = (k: keyof RougeScores) => {
    const d = pairs.map((p) => p.ours[k] - p.lead3[k]);
    return { wins: d.filter((x) => x > 1e-9).length, ties: d.filter((x) => Math.abs(x) <= 1e-9).length, losses: d.filter((x) => x < -1e-9).length };
  };
  return { rouge1: record('rouge1'), rouge2: record('rouge2'), rougeL: record('rougeL') };
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

/**
 * `summarySentences`: how many sentences our summary and the lead baseline take (default 3);
 * `weights`: the summarizer's (to measure how much a change of weight moves the scores).
 */
export function evaluate(
  articles: readonly AnnotatedArticle[],
  notice: NoticeDefinition,
  summarySentences = SENTENCES_FOR.long,
  weights: SummaryWeights = SUMMARY_WEIGHTS,
): EvalReport {
  const pairs: Counts = { matched: 0, extracted: 0, annotated: 0 };
  const texts: Counts = { matched: 0, extracted: 0, annotated: 0 };
  const ours: RougeScores[] = [];
  const lead: RougeScores[] = [];
  const details: ArticleResult[] = [];
  let quoteArticles = 0;
  let correct = 0;
  let noticeArticles = 0;
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
      const chosen = summarize({ title: a.title, body: a.body }, summarySentences, sentences, weights);
      summary = {
        ours: rouge(chosen.join(' '), a.referenceSummary),
        lead3: rouge(sentences.slice(0, summarySentences).join(' '), a.referenceSummary),
        sentences: chosen,
      };
      ours.push(summary.ours);
      lead.push(summary.lead3);
    }
    const verdict = detectArticle(notice, a);
    if (a.mentionsCovid !== null) {
      noticeArticles++;
      if (verdict.applies === a.mentionsCovid) correct++;
      else (verdict.applies ? falseAlarms : misses).push(a.file);
    }
    details.push({ id: a.id, file: a.file, collection: a.collection, quotes, summary, notice: { expected: a.mentionsCovid, got: verdict.applies, terms: verdict.terms } });
  }

  const scored = details.filter((d) => d.summary !== undefined);
  const names = [...new Set(scored.map((d) => d.collection ?? 'other'))];
  const collections =
    names.length < 2
      ? []
      : names.map((name) => {
          const pairs = scored.filter((d) => (d.collection ?? 'other') === name).map((d) => d.summary!);
          return { name, articles: pairs.length, ours: mean(pairs.map((p) => p.ours)), lead3: mean(pairs.map((p) => p.lead3)), versusLead: headToHead(pairs) };
        });
  return {
    articles: articles.length,
    quotes: { articles: quoteArticles, withSpeaker: prf(pairs), textOnly: prf(texts) },
    summaries: {
      articles: ours.length,
      sentences: summarySentences,
      ours: mean(ours),
      lead3: mean(lead),
      versusLead: headToHead(scored.map((d) => d.summary!)),
      collections,
    },
    notice: { articles: noticeArticles, correct, accuracy: noticeArticles ? correct / noticeArticles : 1, falseAlarms, misses },
    details,
  };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
const signed = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(100 * x).toFixed(1)}`;
/** A table row whose three cells line up, right-aligned, under ROUGE-1, ROUGE-2 and ROUGE-L. */
const row = (label: string, cells: string[]) => label.padEnd(39) + cells.map((c) => c.padStart(6)).join('   ');
const record = (h: HeadToHead) => MEASURES.map((k) => `${h[k].wins}/${h[k].ties}/${h[k].losses}`);

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
    row(`  articles above/level/below Lead-${s.sentences}`, record(s.versusLead)),
    ...s.collections.flatMap((c) => [
      `  ${c.name} (${c.articles} articles)`,
      row(`    ours minus Lead-${s.sentences}`, MEASURES.map((k) => signed(c.ours[k] - c.lead3[k]))),
      row(`    articles above/level/below`, record(c.versusLead)),
    ]),
    '',
    (r.notice.articles === 0
      ? 'COVID-19 notice: no article says whether it belongs (mentions_covid)'
      : `COVID-19 notice: ${r.notice.correct}/${r.notice.articles} correct (accuracy ${pct(r.notice.accuracy).trim()}%)`) +
      (r.notice.falseAlarms.length ? `; false alarms: ${r.notice.falseAlarms.join(', ')}` : '') +
      (r.notice.misses.length ? `; missed: ${r.notice.misses.join(', ')}` : ''),
  ];
  if (withDetails) {
    for (const d of r.details) {
      const parts: string[] = [];
      if (d.summary) {
        const { ours, lead3 } = d.summary;
        parts.push(
          `  summary R1/R2/RL ${pct(ours.rouge1)} ${pct(ours.rouge2)} ${pct(ours.rougeL)}  lead ${pct(lead3.rouge1)} ${pct(lead3.rouge2)} ${pct(lead3.rougeL)}  ` +
            `minus lead ${MEASURES.map((k) => signed(ours[k] - lead3[k])).join(' ')}`,
        );
      }
      for (const m of d.quotes?.mismatches ?? []) parts.push(`  ${m.kind}: “${m.text.slice(0, 70)}” expected ${m.expected ?? '-'}, got ${m.got ?? '-'}`);
      if (parts.length) lines.push('', d.file, ...parts);
    }
  }
  return `${lines.join('\n')}\n`;
}
