// How big and how deep a page is, measured before anything parses it. linkedom's parser and
// Readability are both worse than linear in nesting depth, and the fetch deadline does not cover
// parsing, so html.ts asks here first and refuses (or flattens) what would take too long.
// A hand-written scan: no installed library measures markup depth without building the tree.

/** Elements that end a paragraph of text (node names as the DOM gives them). */
export const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
/** Elements whose text is never article text. */
export const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'BUTTON', 'SELECT']);

/** The part of a DOM node the walks here and in html.ts read (linkedom's nodes have it). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  parentNode: DomNode | null;
}

/** A page refused before readability sees it; the message is one line, for the log. */
export class PageTooComplexError extends Error {
  override readonly name = 'PageTooComplexError';
}

/**
 * What readPage accepts. Readability is worse than linear in nesting depth (1,000 nested <div>s
 * took 3 s, 5,000 took 291 s) and the fetch deadline does not cover parsing, so a page past these
 * is refused. Real article pages stay far below both (a few dozen levels, a few thousand elements).
 */
export const PAGE_LIMITS: ShapeLimits = { depth: 300, elements: 20_000, work: 2_000_000 };
/** Feed HTML past these is flattened to its text and block breaks before it is parsed. */
export const TEXT_LIMITS: ShapeLimits = { depth: 300, elements: Number.POSITIVE_INFINITY, work: 2_000_000 };

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is text up to their own end tag (htmlparser2's special tags). */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
const P_ONLY = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
/** htmlparser2's implied end tags (an open <li> ends at the next <li>, ...), so depth is counted as linkedom will build it. */
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])], ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])], ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])], ['dd', new Set(['dd', 'dt'])], ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])], ['rp', new Set(['rt', 'rp'])], ['tbody', new Set(['thead', 'tbody'])], ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM] as [string, ReadonlySet<string>]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t) => [t, P_ONLY] as [string, ReadonlySet<string>],
  ),
]);

export interface ShapeLimits {
  readonly depth: number;
  readonly elements: number;
  /** Open elements the parser will look through to match end tags (a stray </x> costs the whole stack). */
  readonly work: number;
}

interface MarkupShape extends ShapeLimits {
  /** With `flatten`: the markup with only block boundaries (as <br>) and text left. */
  readonly flat?: string;
}

const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;

/**
 * One linear pass over the markup, before any parser sees it: linkedom's parser (htmlparser2) is
 * itself quadratic in nesting depth (20,000 levels take 0.7 s, 100,000 take 10 s), so depth must
 * be known without building the tree. Tags, comments and raw-text elements are read the way
 * htmlparser2 reads them, closely enough to count; the open-element stack is never longer than
 * `stopAt`, so a close tag's search for its opener stays cheap.
 */
export function scanMarkup(html: string, stopAt: ShapeLimits, flatten = false): MarkupShape {
  const stack: string[] = [];
  /** How many of each name are on the stack, so a stray end tag is known without a search. */
  const open = new Map<string, number>();
  const out: string[] = [];
  let depth = 0;
  let elements = 0;
  let work = 0;
  let broken = true; // the flat copy ends with a break (or is empty): no second <br> needed
  // Stack positions of the outermost open <svg>/<math> (where "/>" closes a tag) and skipped
  // element (whose text the flat copy leaves out), or -1.
  let foreignAt = -1;
  let skippedAt = -1;
  const shrinkTo = (length: number) => {
    for (let k = length; k < stack.length; k++) open.set(stack[k]!, open.get(stack[k]!)! - 1);
    stack.length = length;
    if (foreignAt >= length) foreignAt = -1;
    if (skippedAt >= length) skippedAt = -1;
  };
  let i = 0;
  let textFrom = 0;
  const n = html.length;
  const text = (to: number) => {
    if (flatten && skippedAt === -1 && to > textFrom) {
      out.push(html.slice(textFrom, to));
      broken = false;
    }
  };
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    const next = html.charCodeAt(lt + 1);
    let end: number;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      end = close === -1 ? n : close + 3;
      text(lt);
    } else if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = html.indexOf('>', lt);
      end = close === -1 ? n : close + 1;
      text(lt);
    } else {
      const closing = next === 47; /* / */
      let j = lt + (closing ? 2 : 1);
      const first = html.charCodeAt(j) | 32;
      if (!(first >= 97 && first <= 122)) {
        i = lt + 1; // a "<" in text
        continue;
      }
      const nameStart = j;
      while (j < n && isNameChar(html.charCodeAt(j))) j++;
      const name = html.slice(nameStart, j).toLowerCase();
      // On to the tag's ">": a quote counts only as an attribute value's (right after "=").
      let afterEquals = false;
      while (j < n) {
        const c = html.charCodeAt(j);
        if (c === 62 /* > */) break;
        if ((c === 34 || c === 39) && afterEquals) {
          const close = html.indexOf(c === 34 ? '"' : "'", j + 1);
          j = close === -1 ? n : close + 1;
          afterEquals = false;
          continue;
        }
        if (c === 61 /* = */) afterEquals = true;
        else if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) afterEquals = false;
        j++;
      }
      end = Math.min(j + 1, n);
      text(lt);
      if (flatten && skippedAt === -1 && !broken && (BLOCKS.has(name.toUpperCase()) || name === 'br')) {
        out.push('<br>');
        broken = true;
      }
      if (closing) {
        if (!VOID.has(name)) {
          const at = open.get(name) ? stack.lastIndexOf(name) : -1;
          work += stack.length - Math.max(at, 0);
          if (at !== -1) shrinkTo(at);
          if (!flatten && work > stopAt.work) return { depth, elements, work };
        }
      } else {
        elements++;
        const implied = IMPLIES_CLOSE.get(name);
        while (implied && stack.length > 0 && implied.has(stack[stack.length - 1]!)) shrinkTo(stack.length - 1);
        const selfClosed = foreignAt !== -1 && html.charCodeAt(j - 1) === 47;
        if (!VOID.has(name) && !selfClosed) {
          if (foreignAt === -1 && (name === 'svg' || name === 'math')) foreignAt = stack.length;
          if (skippedAt === -1 && SKIPPED.has(name.toUpperCase())) skippedAt = stack.length;
          stack.push(name);
          open.set(name, (open.get(name) ?? 0) + 1);
        }
        depth = Math.max(depth, stack.length);
        if (!flatten && (depth > stopAt.depth || elements > stopAt.elements)) return { depth, elements, work };
        // Past the limit only text and breaks matter: a short stack keeps the scan linear.
        if (stack.length > 2 * stopAt.depth + 2) {
          const cut = stack.length - stopAt.depth - 1;
          for (const gone of stack.splice(0, cut)) open.set(gone, open.get(gone)! - 1);
          if (foreignAt !== -1) foreignAt = Math.max(0, foreignAt - cut);
          if (skippedAt !== -1) skippedAt = Math.max(0, skippedAt - cut);
        }
        if (RAW_TEXT.has(name) && !selfClosed) {
          const closer = new RegExp(`</${name}[\\s/>]`, 'ig');
          closer.lastIndex = end;
          const found = closer.exec(html);
          const close = found ? html.indexOf('>', found.index) : -1;
          if (flatten && skippedAt === -1 && name !== 'script' && name !== 'style') {
            out.push(html.slice(end, found ? found.index : n).replaceAll('<', '&lt;'));
            broken = false;
          }
          end = close === -1 ? n : close + 1;
          shrinkTo(stack.length - 1);
        }
      }
    }
    textFrom = end;
    i = end;
  }
  textFrom = Math.min(textFrom, n);
  text(n);
  return { depth, elements, work, ...(flatten && { flat: out.join('') }) };
}

/** Element depth and count of a parsed document, by an iterative walk (no recursion). */
export function domShape(root: DomNode, stopAt: ShapeLimits): { depth: number; elements: number } {
  let depth = 1;
  let deepest = 0;
  let elements = 0;
  let node: DomNode | null = root.firstChild;
  while (node) {
    if (node.nodeType === 1) {
      elements++;
      deepest = Math.max(deepest, depth);
      if (deepest > stopAt.depth || elements > stopAt.elements) break;
      if (node.firstChild) {
        node = node.firstChild;
        depth++;
        continue;
      }
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  return { depth: deepest, elements };
}

/** Throws PageTooComplexError, one line for the log, for a shape past PAGE_LIMITS. */
export function refusePageShape(shape: { depth: number; elements: number; work?: number }): void {
  if (shape.depth > PAGE_LIMITS.depth) throw new PageTooComplexError(`page not read: elements nested more than ${PAGE_LIMITS.depth} deep`);
  if (shape.elements > PAGE_LIMITS.elements) throw new PageTooComplexError(`page not read: more than ${PAGE_LIMITS.elements} elements`);
  if ((shape.work ?? 0) > PAGE_LIMITS.work) throw new PageTooComplexError('page not read: too many end tags out of place to parse in time');
}
