// Summary plus quotes for ~1,000-word articles: median time per article, against Lead-3 (the
// sentence split alone, the floor any extractive summary pays) on the same articles in the same run;
// then ROUGE of each against human reference summaries. Articles: test/fixtures/eval (paragraphs joined to ~1,000 words
// for the timing) and, when present beside the project, ../shared/eval (seed and dev).
// `npm run bench -- nlp`
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { analyzeArticle } from '../src/newsroom/analysis';
import type { Article } from '../src/newsroom/article';
import { type AnnotatedArticle, loadAnnotated } from '../src/newsroom/eval/dataset';
import { rouge, type RougeScores } from '../src/newsroom/eval/rouge';
import { loadNotice } from '../src/newsroom/notice';
import { extractQuotes } from '../src/newsroom/quotes';
import { articleSentences, summarize } from '../src/newsroom/summarize';
import { splitParagraphs } from '../src/newsroom/text/sentences';

const root = join(import.meta.dirname, '..');
const shared = join(root, '../shared/eval');
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Our own articles' paragraphs, in order from each article on, until the text reaches 1,000 words. */
function thousandWordArticles(fixtures: readonly AnnotatedArticle[]): { title: string; body: string }[] {
  const paragraphs = fixtures.map((a) => a.body.split(/\n\s*\n/));
  return fixtures.map((start, s) => {
    const parts: string[] = [];
    let words = 0;
    for (let i = s; words < 1000; i = (i + 1) % fixtures.length) {
      for (const p of paragraphs[i]!) {
        if (words >= 1000) break;
        parts.push(p);
        words += wordCount(p);
      }
    }
    return { title: start.title, body: parts.join('\n\n') };
  });
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

interface Contender {
  readonly label: string;
  readonly rounds: number;
  readonly run: (a: { title: string; body: string }) => unknown;
  readonly samples: number[];
  /** CPU time of this process per call: steadier than wall time when other work shares the cores. */
  cpuMs: number;
}

/**
 * Milliseconds per article: every contender warmed up first (JIT, model load), then rounds
 * interleaved across contenders so a busy moment on the machine hits them all alike.
 */
async function race(contenders: Contender[], articles: readonly { title: string; body: string }[]): Promise<void> {
  for (const c of contenders) for (let w = 0; w < Math.min(c.rounds, 10); w++) for (const a of articles) await c.run(a);
  const maxRounds = Math.max(...contenders.map((c) => c.rounds));
  const cpu = new Map(contenders.map((c) => [c, 0]));
  for (let r = 0; r < maxRounds; r++) {
    for (const c of contenders) {
      if (r >= c.rounds) continue;
      const before = process.cpuUsage();
      for (const a of articles) {
        const t = performance.now();
        await c.run(a);
        c.samples.push(performance.now() - t);
      }
      const used = process.cpuUsage(before);
      cpu.set(c, cpu.get(c)! + (used.user + used.system) / 1000);
    }
  }
  for (const c of contenders) c.cpuMs = cpu.get(c)! / c.samples.length;
}

const fixtures = await loadAnnotated(join(root, 'test/fixtures/eval'));
const big = thousandWordArticles(fixtures);
const covid = await loadNotice(join(root, 'content/notices/covid-19.md'));
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`timing: ${big.length} articles of ${Math.min(...big.map((a) => wordCount(a.body)))}-${Math.max(...big.map((a) => wordCount(a.body)))} words\n`);

const ours = (a: { title: string; body: string }) => {
  const paragraphs = splitParagraphs(a.body);
  return [summarize(a, 3, articleSentences(a.body, paragraphs)), extractQuotes(a.body, paragraphs)];
};
const asArticle = (a: { title: string; body: string }): Article => ({ slug: 'bench', title: a.title, published: new Date(0), tags: [], body: a.body });
const contender = (label: string, rounds: number, run: Contender['run']): Contender => ({ label, rounds, run, samples: [], cpuMs: 0 });
const rows = [
  contender('newsroom: summary (3 sentences) + quotes', 60, ours),
  contender('newsroom: analyzeArticle (3 summaries, quotes, notice)', 60, (a) => analyzeArticle(asArticle(a), covid)),
  contender('Lead-3 (sentence split only)', 60, (a) => articleSentences(a.body).slice(0, 3)),
];
await race(rows, big);
const base = median(rows[0]!.samples);
console.log('| summarizer | median ms | p90 ms | CPU ms/article | median vs newsroom |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} | ${median(r.samples).toFixed(2)} | ${percentile(r.samples, 0.9).toFixed(2)} | ${r.cpuMs.toFixed(2)} | ${(median(r.samples) / base).toFixed(2)}x |`);

// ROUGE against human references.
const scored = [...fixtures, ...(existsSync(join(shared, 'seed.json')) ? [...(await loadAnnotated(join(shared, 'seed.json'))), ...(existsSync(join(shared, 'dev')) ? await loadAnnotated(join(shared, 'dev')) : [])] : [])].filter((a) => a.referenceSummary);
const systems: Record<string, (a: AnnotatedArticle) => Promise<string>> = {
  'newsroom summarize': async (a) => summarize(a, 3, articleSentences(a.body)).join(' '),
  'Lead-3': async (a) => articleSentences(a.body).slice(0, 3).join(' '),
};
console.log(`\nROUGE F1 (%), 3 sentences, ${scored.length} articles with reference summaries (own fixtures${scored.length > fixtures.length ? ' + seed + dev' : ''}):`);
console.log('| summarizer | ROUGE-1 | ROUGE-2 | ROUGE-L |');
console.log('|---|---|---|---|');
for (const [name, system] of Object.entries(systems)) {
  const scores: RougeScores[] = [];
  for (const a of scored) scores.push(rouge(await system(a), a.referenceSummary!));
  const mean = (k: keyof RougeScores) => ((100 * scores.reduce((s, r) => s + r[k], 0)) / scores.length).toFixed(1);
  console.log(`| ${name} | ${mean('rouge1')} | ${mean('rouge2')} | ${mean('rougeL')} |`);
}
