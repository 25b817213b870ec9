// HTML to plain text (paragraphs separated by a blank line), and a web page to its article with
// @mozilla/readability over a linkedom document.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { BLOCKS, type DomNode, domShape, PAGE_LIMITS, refusePageShape, scanMarkup, SKIPPED, TEXT_LIMITS } from './page-shape';

function documentOf(html: string) {
  // A fragment goes inside <body> so linkedom builds a whole document around it.
  const whole = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(whole).document;
}

/**
 * Block elements become paragraphs and inline runs are joined with collapsed whitespace; no
 * installed library does this walk (readability returns HTML), and it is a few lines over linkedom.
 * The walk keeps its own stack (a feed's HTML may nest 20,000 levels deep), and HTML nested deeper
 * than TEXT_LIMITS allow is first flattened to its text and block breaks, so parsing stays linear.
 */
export function htmlToText(html: string): string {
  const shape = scanMarkup(html, TEXT_LIMITS);
  const tangled = shape.depth > TEXT_LIMITS.depth || shape.work > TEXT_LIMITS.work;
  const source = tangled ? scanMarkup(html, TEXT_LIMITS, true).flat! : html;
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push(text);
    current = '';
  };
  const document = documentOf(source);
  const root = (document.body ?? document) as unknown as DomNode;
  // Each entry is a node to enter, or (as `leave`) a block whose end flushes the paragraph.
  const stack: Array<DomNode | { leave: true }> = [root];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if ('leave' in entry) {
      flush();
      continue;
    }
    const node = entry;
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) continue;
    if (name === 'BR') {
      flush();
      continue;
    }
    const block = BLOCKS.has(name);
    if (block) {
      flush();
      stack.push({ leave: true });
    }
    const children: DomNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
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

/**
 * The article in a page, or null when readability finds no article there. Throws
 * PageTooComplexError (one line) for a page nested or sized past PAGE_LIMITS.
 */
export function readPage(html: string, url: string): PageArticle | null {
  refusePageShape(scanMarkup(html, PAGE_LIMITS));
  const document = documentOf(html);
  refusePageShape(domShape(document as unknown as DomNode, PAGE_LIMITS));
  const canonical = absolute(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), url);
  const headline = meta(document, 'og:title', 'twitter:title') ?? document.querySelector('h1')?.textContent?.trim();
  const publishedText = meta(document, 'article:published_time', 'date', 'pubdate');
  // Only a declared description is a dek: readability's excerpt falls back to the first paragraph.
  const dek = meta(document, 'description', 'og:description', 'twitter:description');
  // maxElemsToParse as a second line of defence: readability counts with getElementsByTagName('*'),
  // which linkedom answers with an empty list, so the checks above are what holds today.
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { maxElemsToParse: PAGE_LIMITS.elements }).parse();
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
