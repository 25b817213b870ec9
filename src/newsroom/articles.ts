// The article repository: every article the bot can serve (content files and, later, feeds), with
// each article's analysis (summaries, quotes, notice verdict) computed once and cached.
import { truncate } from '../core/text';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors';
import type { ArticleAnalysis } from './analysis';
import { type Article, ArticleFileError, parseArticle } from './article';
import { contentWords, editDistance, words } from './text/words';

export type ArticleAnalyzer = (article: Article) => ArticleAnalysis;

export interface SearchHit {
  readonly article: Article;
  readonly score: number;
}

interface Indexed {
  readonly article: Article;
  /** Title and slug words, for find(); computed on first use. */
  titleWords?: ReadonlySet<string>;
  analysis?: ArticleAnalysis;
  terms?: Map<string, number>;
  length?: number;
}

/** Distinct queries find() remembers before starting over. */
const FOUND_CACHE_SIZE = 1000;

export class ArticleRepository {
  private readonly entries = new Map<string, Indexed>();
  private newestFirst: Article[] | null = null;
  /** find() answers by query, while the set of articles is unchanged (every upsert clears it). */
  private readonly found = new Map<string, Article>();

  constructor(
    private readonly analyze: ArticleAnalyzer,
    articles: Iterable<Article> = [],
  ) {
    for (const article of articles) this.upsert(article);
  }

  /** Adds an article or replaces the one with the same slug (its cached analysis goes with it). */
  upsert(article: Article): void {
    this.entries.set(article.slug, { article });
    this.newestFirst = null;
    this.found.clear();
  }

  /** Takes an article out (with its cached analysis); true when there was one with this slug. */
  remove(slug: string): boolean {
    if (!this.entries.delete(slug)) return false;
    this.newestFirst = null;
    this.found.clear();
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Newest first; ties broken by title so the order is stable. */
  all(): readonly Article[] {
    this.newestFirst ??= [...this.entries.values()]
      .map((e) => e.article)
      .sort((a, b) => b.published.getTime() - a.published.getTime() || a.title.localeCompare(b.title));
    return this.newestFirst;
  }

  latest(count: number): Article[] {
    return this.all().slice(0, count);
  }

  get(slug: string): Article | undefined {
    return this.entries.get(slug)?.article;
  }

  /** The article's summaries, quotes and notice verdict, computed on first use and kept. */
  analysisOf(article: Article): ArticleAnalysis {
    let entry = this.entries.get(article.slug);
    if (entry?.article !== article) entry = { article }; // not (or no longer) stored: analyse, don't cache
    entry.analysis ??= this.analyze(article);
    return entry.analysis;
  }

  /**
   * The article a user means: a slug, or words of its title ("kim russia"). Without a query, the
   * latest. Unknown -> a UserError naming the closest titles.
   */
  find(query: string | undefined): Article {
    const found = this.lookup(query);
    if (found) return found;
    const q = (query ?? '').trim();
    if (q === '') throw new UserError('There are no articles yet.');
    const closest = this.closestTitles(q, 3);
    const hint = closest.length > 0 ? ` Closest: ${closest.map((t) => `“${t}”`).join('; ')}.` : '';
    throw new UserError(`No article matches “${truncate(q, 80)}”.${hint} Try /news for the latest or /search <words>.`);
  }

  /**
   * find() without the error: the article, or undefined. Cheap on a miss (no "did you mean"), so a
   * caller may try a few readings of what was typed and ask find() for the error once at the end.
   */
  lookup(query: string | undefined): Article | undefined {
    const q = (query ?? '').trim();
    if (q === '') return this.all()[0];
    const exact = this.get(q.toLowerCase());
    if (exact) return exact;
    // Users ask for the same few stories over and over; the word match below is the costly part.
    const known = this.found.get(q);
    if (known) return known;
    const best = this.bestTitleMatch(q);
    if (best) {
      if (this.found.size >= FOUND_CACHE_SIZE) this.found.clear();
      this.found.set(q, best);
    }
    return best;
  }

  private bestTitleMatch(q: string): Article | undefined {
    const wanted = contentWords(q);
    const queryWords = wanted.length > 0 ? wanted : words(q);
    if (queryWords.length === 0) return undefined;
    let best: { article: Article; score: number } | null = null;
    for (const article of this.all()) {
      const haystack = this.titleWordsOf(article);
      // Every query word must match; stop at the first that does not.
      const all = queryWords.every((w) => haystack.has(w) || (w.length >= 3 && [...haystack].some((h) => h.startsWith(w))));
      if (!all) continue;
      const score = queryWords.length / haystack.size;
      if (!best || score > best.score) best = { article, score };
    }
    return best?.article;
  }

  /** Titles nearest to what was typed, for "did you mean". */
  closestTitles(query: string, count: number): string[] {
    // Each query word scores by its nearest title word, so a typo still finds its article. A word
    // typed twice counts twice; each distinct (query word, title word) pair is measured once.
    const times = new Map<string, number>();
    for (const w of words(query)) times.set(w, (times.get(w) ?? 0) + 1);
    const distances = new Map<string, Map<string, number>>([...times.keys()].map((w) => [w, new Map()]));
    const distance = (w: string, x: string): number => {
      const known = distances.get(w)!;
      let d = known.get(x);
      if (d === undefined) {
        d = editDistance(w, x) / Math.max(w.length, x.length);
        known.set(x, d);
      }
      return d;
    };
    return this.all()
      .map((a) => {
        const t = words(a.title);
        let score = 0;
        for (const [w, n] of times) {
          let nearest = Infinity;
          for (const x of t) nearest = Math.min(nearest, distance(w, x));
          score += n * (1 - Math.min(nearest, 1));
        }
        return { title: a.title, score };
      })
      .filter((s) => s.score > 0.3)
      .sort((a, b) => b.score - a.score)
      .slice(0, count)
      .map((s) => s.title);
  }

  /** Titles for autocomplete: those containing every typed word, newest first; at most `limit`. */
  suggest(typed: string, limit = 25): Article[] {
    const q = words(typed);
    return this.all()
      .filter((a) => {
        const t = words(`${a.title} ${a.slug}`);
        return q.every((w) => t.some((x) => x.startsWith(w)));
      })
      .slice(0, limit);
  }

  /** Ranked matches over titles and bodies (BM25, title words counted three times). */
  search(query: string, limit = 5): SearchHit[] {
    const terms = [...new Set(contentWords(query))];
    if (terms.length === 0) return [];
    const indexed = [...this.entries.values()].map((e) => this.index(e));
    const n = indexed.length;
    const avgLength = indexed.reduce((s, e) => s + e.length!, 0) / Math.max(n, 1);
    const k1 = 1.2;
    const b = 0.75;
    // Each term's inverse document frequency, counted once per query (not once per article).
    const idfs = terms.map((term) => {
      let df = 0;
      for (const e of indexed) if (e.terms!.has(term)) df++;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    const hits: SearchHit[] = [];
    for (const entry of indexed) {
      let score = 0;
      for (const [i, term] of terms.entries()) {
        const tf = entry.terms!.get(term) ?? 0;
        if (tf === 0) continue;
        const idf = idfs[i]!;
        score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * entry.length!) / avgLength));
      }
      if (score > 0) hits.push({ article: entry.article, score });
    }
    return hits.sort((x, y) => y.score - x.score || y.article.published.getTime() - x.article.published.getTime()).slice(0, limit);
  }

  private titleWordsOf(article: Article): ReadonlySet<string> {
    const entry = this.entries.get(article.slug)!;
    entry.titleWords ??= new Set([...words(article.title), ...article.slug.split('-')]);
    return entry.titleWords;
  }

  private index(entry: Indexed): Indexed {
    if (!entry.terms) {
      const { article } = entry;
      const tokens = [
        ...Array(3).fill(contentWords(article.title)).flat(),
        ...contentWords(article.dek ?? ''),
        ...contentWords(article.body),
      ] as string[];
      const terms = new Map<string, number>();
      for (const t of tokens) terms.set(t, (terms.get(t) ?? 0) + 1);
      entry.terms = terms;
      entry.length = tokens.length;
    }
    return entry;
  }
}


export interface LoadedArticles {
  readonly articles: Article[];
  readonly problems: ArticleFileError[];
}

/** Reads every *.md in a folder. A broken file is reported (file + field); the rest still load. */
export async function loadArticles(dir: string): Promise<LoadedArticles> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  const articles: Article[] = [];
  const problems: ArticleFileError[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const article = parseArticle(await readFile(file, 'utf8'), file);
      const earlier = seen.get(article.slug);
      if (earlier) throw new ArticleFileError(file, 'slug', `${file}: field "slug" repeats "${article.slug}" from ${earlier}`);
      seen.set(article.slug, file);
      articles.push(article);
    } catch (error) {
      if (error instanceof ArticleFileError) problems.push(error);
      else problems.push(new ArticleFileError(file, null, `${file}: ${(error as Error).message}`));
    }
  }
  return { articles, problems };
}
