// HTML to plain text (paragraphs separated by a blank line), and a web page to its article with
// @mozilla/readability over a linkedom document.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'BUTTON', 'SELECT']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

function documentOf(html: string) {
  // A fragment goes inside <body> so linkedom builds a whole document around it.
  const whole = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(whole).document;
}

/**
 * Block elements become paragraphs and inline runs are joined with collapsed whitespace; no
 * installed library does this walk (readability returns HTML), and it is a few lines over linkedom.
 */
export function htmlToText(html: string): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push(text);
    current = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return;
    if (name === 'BR') {
      flush();
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  const document = documentOf(html);
  walk((document.body ?? document) as unknown as DomNode);
  flush();
  return paragraphs.join('\n\n');
}

/** What a web page says about its article. */
export interface PageArticle {
  readonly title?: string;
  readonly dek?: string;
  readonly byline?: string;
  readonly siteName?: string;
  readonly published?: Date;
  /** rel=canonical, resolved against the page URL. */
  readonly canonical?: string;
  readonly text: string;
}

function meta(document: ReturnType<typeof documentOf>, ...names: string[]): string | undefined {
  for (const name of names) {
    const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    const value = el?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

function absolute(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

const MIN_ARTICLE_WORDS = 20;

/** The article in a page, or null when readability finds no article there. */
export function readPage(html: string, url: string): PageArticle | null {
  const document = documentOf(html);
  const canonical = absolute(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), url);
  const headline = meta(document, 'og:title', 'twitter:title') ?? document.querySelector('h1')?.textContent?.trim();
  const publishedText = meta(document, 'article:published_time', 'date', 'pubdate');
  // Only a declared description is a dek: readability's excerpt falls back to the first paragraph.
  const dek = meta(document, 'description', 'og:description', 'twitter:description');
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  if (!parsed?.content) return null;
  const text = htmlToText(parsed.content);
  // Readability always returns something; a few words (a menu, a cookie notice) is not an article.
  if (text.split(/\s+/).length < MIN_ARTICLE_WORDS) return null;
  const published = publishedText ? new Date(publishedText) : undefined;
  const title = headline || parsed.title?.trim() || undefined;
  return {
    ...(title && { title }),
    ...(dek && { dek }),
    ...(parsed.byline?.trim() && { byline: parsed.byline.trim() }),
    ...(parsed.siteName?.trim() && { siteName: parsed.siteName.trim() }),
    ...(published && !Number.isNaN(published.getTime()) && { published }),
    ...(canonical && { canonical }),
    text,
  };
}

/** The feed a page announces (<link rel="alternate" type="application/rss+xml">), if any. */
export function feedLinkIn(html: string, url: string): string | undefined {
  const link = documentOf(html).querySelector('link[rel="alternate"][type="application/rss+xml"], link[rel="alternate"][type="application/atom+xml"]');
  return absolute(link?.getAttribute('href'), url);
}
