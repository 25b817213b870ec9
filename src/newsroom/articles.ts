// The articles a user can ask for: lookups over the archive (./archive.ts, an indexed database),
// never a scan of it. A slug or the words of a title find an article; a typo gets the closest
// titles; autocomplete matches title prefixes; /search ranks by the engine's full text. Each
// article's analysis was computed when it was filed; one filed without it (an older record) is
// analysed on first use and the result kept.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors';
import { truncate } from '../core/text';
import type { ArticleAnalysis } from './analysis';
import { type Article, ArticleFileError, parseArticle } from './article';
import type { Archive, Reader } from './archive';
import { contentWords, editDistance, words } from './text/words';

export type ArticleAnalyzer = (article: Article) => Promise<ArticleAnalysis> | ArticleAnalysis;

export interface SearchHit {
  readonly article: Article;
  readonly score: number;
  readonly analysis: ArticleAnalysis;
}

/** Spellings of each typed word looked at for "did you mean". */
const NEAR_WORDS = 12;
/** Titles scored for "did you mean". */
const NEAR_TITLES = 50;
/** Longest query that is looked up: words past it add nothing but cost. */
const MAX_QUERY_WORDS = 12;

export class Articles {
  constructor(
    readonly archive: Archive,
    private readonly analyze: ArticleAnalyzer,
    /** Whose articles these are (./readers.ts); every lookup stays within them. Absent: all. */
    readonly reader?: Reader,
  ) {}

  /** The same lookups, over what this reader may be served only. */
  readBy(reader: Reader): Articles {
    return new Articles(this.archive, this.analyze, reader);
  }

  count(): Promise<number> {
    return this.archive.count();
  }

  get(slug: string): Promise<Article | undefined> {
    return this.archive.get(slug, this.reader);
  }

  /** Newest first; ties broken by title so the order is stable. */
  latest(count: number): Promise<Article[]> {
    return this.archive.latest(count, this.reader);
  }

  /** The article's summaries, quotes and notice verdict: stored when filed, computed once if not. */
  async analysisOf(article: Article): Promise<ArticleAnalysis> {
    return (await this.analysesOf([article]))[0]!;
  }

  /** The analyses of several articles, in their order (the stored ones in one read). */
  async analysesOf(articles: readonly Article[]): Promise<ArticleAnalysis[]> {
    const stored = await this.archive.analyses([...new Set(articles.map((a) => a.slug))]);
    return Promise.all(articles.map((article) => stored.get(article.slug) ?? this.computeOnce(article)));
  }

  private async computeOnce(article: Article): Promise<ArticleAnalysis> {
    const computed = await this.analyze(article);
    const current = await this.archive.get(article.slug);
    // Kept only for the text it was computed from (the article may have been updated meanwhile).
    if (current && current.title === article.title && current.body === article.body) await this.archive.saveAnalysis(article.slug, computed);
    return computed;
  }

  /**
   * The article a user means: a slug, or words of its title ("kim russia"). Without a query, the
   * latest. Unknown -> a UserError naming the closest titles.
   */
  async find(query: string | undefined): Promise<Article> {
    const found = await this.lookup(query);
    if (found) return found;
    throw await this.missing(query);
  }

  /** The error for a query lookup() found nothing for, naming the closest titles. */
  async missing(query: string | undefined): Promise<UserError> {
    const q = (query ?? '').trim();
    if (q === '') return new UserError('There are no articles yet.');
    const closest = await this.closestTitles(q, 3);
    const hint = closest.length > 0 ? ` Closest: ${closest.map((t) => `“${t}”`).join('; ')}.` : '';
    return new UserError(`No article matches “${truncate(q, 80)}”.${hint} Try /news for the latest or /search <words>.`);
  }

  /**
   * find() without the error: the article, or undefined. Cheap on a miss (no "did you mean"), so a
   * caller may try a few readings of what was typed and ask find() for the error once at the end.
   */
  async lookup(query: string | undefined): Promise<Article | undefined> {
    const q = (query ?? '').trim();
    if (q === '') return (await this.archive.latest(1, this.reader))[0];
    const exact = /^[a-z0-9-]{1,200}$/i.test(q) ? await this.archive.get(q.toLowerCase(), this.reader) : undefined;
    if (exact) return exact;
    const wanted = contentWords(q);
    const queryWords = [...new Set(wanted.length > 0 ? wanted : words(q))].slice(0, MAX_QUERY_WORDS);
    // Whole title words first (the usual case, and half the index work of prefixes); then a word of
    // three letters or more may be the start of a title word ("russ" for "russia").
    const whole = await this.archive.bestTitleMatch(
      queryWords.map((word) => ({ word, prefix: false })),
      this.reader,
    );
    if (whole || !queryWords.some((word) => word.length >= 3)) return whole;
    // Every prefix at once costs a pass over each word's titles. A last word that no title word
    // starts with (the speaker's name after /quote's title words) rules that out for one lookup.
    const last = queryWords.at(-1)!;
    if (queryWords.length > 1 && last.length >= 3 && (await this.archive.titlesStartingWith([last], 1, this.reader)).length === 0) return undefined;
    return this.archive.bestTitleMatch(
      queryWords.map((word) => ({ word, prefix: word.length >= 3 })),
      this.reader,
    );
  }

  /** Titles nearest to what was typed, for "did you mean". */
  async closestTitles(query: string, count: number): Promise<string[]> {
    // Each query word scores by its nearest title word, so a typo still finds its article. A word
    // typed twice counts twice. The engine proposes spellings by shared trigrams; only titles
    // holding one of them are scored.
    const times = new Map<string, number>();
    for (const w of words(query).slice(0, MAX_QUERY_WORDS)) times.set(w, (times.get(w) ?? 0) + 1);
    const spellings = new Set<string>();
    for (const w of times.keys()) {
      spellings.add(w);
      for (const near of await this.archive.wordsLike(w, NEAR_WORDS)) if (normalizedDistance(w, near) < 0.5) spellings.add(near);
    }
    const candidates = await this.archive.titlesWithAny(
      [...spellings].filter((w) => !/^\d+$/.test(w) || w.length > 3),
      NEAR_TITLES,
      this.reader,
    );
    return candidates
      .map((a) => {
        const t = words(a.title);
        let score = 0;
        for (const [w, n] of times) {
          let nearest = Infinity;
          for (const x of t) nearest = Math.min(nearest, normalizedDistance(w, x));
          score += n * (1 - Math.min(nearest, 1));
        }
        return { title: a.title, score };
      })
      .filter((s) => s.score > 0.3)
      .sort((a, b) => b.score - a.score)
      .slice(0, count)
      .map((s) => s.title);
  }

  /** Titles for autocomplete: those with every typed word as a prefix, newest first; at most `limit`. */
  suggest(typed: string, limit = 25): Promise<Article[]> {
    // A single letter would be the prefix of nearly every title: it narrows nothing and costs a
    // pass over the whole index, so it waits for the next keystroke.
    return this.archive.titlesStartingWith([...new Set(words(typed).filter((w) => w.length >= 2))].slice(0, MAX_QUERY_WORDS), limit, this.reader);
  }

  /** Ranked matches over titles and bodies (the engine's full-text rank, title words weighted up). */
  async search(query: string, limit = 5): Promise<SearchHit[]> {
    const terms = [...new Set(contentWords(query))].slice(0, MAX_QUERY_WORDS);
    const hits = await this.archive.search(terms, limit, this.reader);
    // Analyses come with the hits; one filed without it is computed once, as analysesOf does.
    return Promise.all(hits.map(async (hit) => ({ article: hit.article, score: hit.score, analysis: hit.analysis ?? (await this.computeOnce(hit.article)) })));
  }
}

function normalizedDistance(a: string, b: string): number {
  return editDistance(a, b) / Math.max(a.length, b.length);
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
