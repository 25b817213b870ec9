// Everything the commands show about one article, computed together once (the repository caches it).
import type { Article } from './article';
import { detectArticle, type NoticeDefinition, type NoticeVerdict } from './notice';
import { extractQuotes, type Quote } from './quotes';
import { articleSentences, rankSentences, SENTENCES_FOR, type SummaryLength } from './summarize';
import { splitParagraphs } from './text/sentences';

export interface ArticleAnalysis {
  readonly summaries: Readonly<Record<SummaryLength, readonly string[]>>;
  readonly quotes: readonly Quote[];
  /** Whether the COVID-19 notice belongs on answers about this article. */
  readonly covid: NoticeVerdict;
}

export function analyzeArticle(article: Article, covid: NoticeDefinition): ArticleAnalysis {
  // Paragraphs and sentences are split once and shared: splitting is most of the cost.
  const paragraphs = splitParagraphs(article.body);
  const sentences = articleSentences(article.body, paragraphs);
  const ranked = rankSentences({ title: article.title, body: article.body }, sentences);
  const summaries = {
    short: ranked.pick(SENTENCES_FOR.short),
    medium: ranked.pick(SENTENCES_FOR.medium),
    long: ranked.pick(SENTENCES_FOR.long),
  };
  return {
    summaries,
    quotes: extractQuotes(article.body, paragraphs),
    covid: detectArticle(covid, article),
  };
}
