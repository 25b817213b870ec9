// Finding the quotations of a paragraph by their marks: double (“…”, "…", «…»), or single in British
// style (‘…’), with the other kind nested inside; then the paragraph's skeleton, each quotation a marker.
import { MARK } from './clauses';

export interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const OPEN = new Set(['“', '"', '«']);
const DOUBLE_MARK = /[“”"«»]/g;
const CLOSE = new Set(['”', '"', '»']);

/** A single mark that opens a quotation: after a space or an opening mark, before a letter. */
const SINGLE_OPEN = /(?<![\p{L}\p{N}’'.,])[‘'](?=[\p{L}“"])/u;

/**
 * Single-quoted spans (British style: ‘…’, with “…” inside). A closing mark is one not followed by a
 * letter, so the apostrophes of "wasn’t" and "’90s" are not; nor is a plural possessive ("the
 * players’ union").
 */
function singleQuotedSpans(paragraph: string): { spans: Span[]; open: boolean } {
  const spans: Span[] = [];
  let openAt = -1;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i]!;
    if (ch !== '‘' && ch !== '’' && ch !== "'") continue;
    if (openAt < 0) {
      if (ch !== '’' && SINGLE_OPEN.test(paragraph.slice(Math.max(0, i - 1), i + 2))) openAt = i;
      continue;
    }
    const next = paragraph[i + 1] ?? ' ';
    if (ch === '‘' || /[\p{L}\p{N}]/u.test(next) || /\s/.test(paragraph[i - 1]!)) continue;
    if (paragraph[i - 1] === 's' && /^\s+\p{Ll}/u.test(paragraph.slice(i + 1, i + 3))) continue;
    spans.push({ text: paragraph.slice(openAt + 1, i), start: openAt, end: i + 1 });
    openAt = -1;
  }
  if (openAt >= 0) spans.push({ text: paragraph.slice(openAt + 1), start: openAt, end: paragraph.length });
  return { spans, open: openAt >= 0 };
}

/**
 * Quoted spans in a paragraph; an unclosed one runs to the paragraph's end. Double marks unless the
 * paragraph's first quotation opens with a single one.
 */
export function quotedSpans(paragraph: string): { spans: Span[]; open: boolean } {
  if (SINGLE_OPEN.test(paragraph)) {
    // Single marks lead when a quotation of words opens with them before any double mark ("rock
    // 'n' roll" does not).
    const double = paragraph.search(/[“"«]/);
    const single = singleQuotedSpans(paragraph);
    const first = single.spans.find((s) => wordCount(s.text) >= 3);
    if (first && (double < 0 || first.start < double)) return single;
  }
  const spans: Span[] = [];
  let openAt = -1;
  // Only the marks themselves: every other character leaves the state as it is.
  for (const mark of paragraph.matchAll(DOUBLE_MARK)) {
    const i = mark.index;
    const ch = mark[0];
    if (openAt < 0) {
      if (OPEN.has(ch)) openAt = i;
    } else if (ch === '“' || (ch === '"' && /\s/.test(paragraph[i - 1] ?? ' ') && /[\p{L}\p{N}‘']/u.test(paragraph[i + 1] ?? ''))) {
      // An opening mark inside an open quotation: the earlier one was never closed; it ends here,
      // or at its last sentence when that sentence is narrative introducing the next ("X said:").
      let text = paragraph.slice(openAt + 1, i).trimEnd();
      const narrative = /[.!?]\s+[^.!?“”"]*\b(?:said|says|told|added|wrote|asked)\b[^.!?“”"]*[:,]$/.exec(text);
      if (narrative) text = text.slice(0, narrative.index + 1);
      spans.push({ text, start: openAt, end: narrative ? openAt + 1 + narrative.index + 1 : i });
      openAt = i;
    } else if (CLOSE.has(ch)) {
      spans.push({ text: paragraph.slice(openAt + 1, i), start: openAt, end: i + 1 });
      openAt = -1;
    }
  }
  if (openAt >= 0) spans.push({ text: paragraph.slice(openAt + 1), start: openAt, end: paragraph.length });
  return { spans, open: openAt >= 0 };
}

/** The paragraph with each quotation replaced by a marker that keeps its closing punctuation. */
export function skeleton(paragraph: string, spans: readonly Span[]): string {
  let out = '';
  let from = 0;
  spans.forEach((s, i) => {
    // A nested quotation's mark does not hide the punctuation before it: “… the investigation?’”
    const last = s.text.trimEnd().replace(/[’'”"]+$/, '').at(-1) ?? '';
    const closing = ',.!?'.includes(last) ? last : '';
    out += `${paragraph.slice(from, s.start)}${MARK}${i}\uE001${closing}`;
    from = s.end;
  });
  return out + paragraph.slice(from);
}

