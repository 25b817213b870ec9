// Cleaning scraped article text, as the seed page needed: platform banners ("This post may refer
// to COVID-19"), "Click to continue reading", share prompts, and a headline (and dek) repeated at
// the top of the body.

export interface CleanStory {
  readonly title?: string;
  readonly dek?: string;
  /** Paragraphs separated by a blank line. */
  readonly body: string;
}

/** Paragraphs that are never part of a story, only of the page around it. */
const BOILERPLATE: readonly RegExp[] = [
  /^this (post|article|story|page|content) (may|might) (refer|relate) to covid-?19\b.{0,80}$/i,
  /^to access official information about (the )?coronavirus\b.{0,160}$/i,
  /^(click|tap) (here )?to (continue|keep) reading\b.{0,40}$/i,
  /^(continue|keep) reading\b.{0,40}$/i,
  /^read (more|the full (story|article))\b.{0,40}$/i,
  // The WordPress feed footer, the most common of all: "The post <title> appeared first on <site>."
  /^the post .{1,300} appeared first on .{1,100}\.?$/i,
  /^(share|share (this|on|via)\b.{0,60})$/i,
  /^follow us on\b.{0,60}$/i,
  /^advertisement$/i,
  // A row of share buttons: nothing but their labels.
  /^(?:(?:share|tweet|e-?mail|print|copy link|link copied|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|flipboard|messenger)[\s|·•,/]*)+$/i,
];

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Lower-case letters and digits only: "Kim’s visit!" and "kim's visit" compare equal. The same as
 * `.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()`, a quarter of its cost
 * on copy with curly quotes (the Unicode class is asked only about non-ASCII characters): every
 * filed item's text and its near-duplicate candidates' go through it.
 */
export function comparable(text: string): string {
  const s = text.normalize('NFKD').toLowerCase();
  let out = '';
  let run = -1; // where the current run of letters and digits began
  for (let i = 0; i < s.length; ) {
    const unit = s.charCodeAt(i);
    const code = unit < 128 ? unit : s.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const kept = code < 128 ? (code >= 97 && code <= 122) || (code >= 48 && code <= 57) : LETTER_OR_DIGIT.test(String.fromCodePoint(code));
    if (kept && run < 0) {
      if (out) out += ' ';
      run = i;
    } else if (!kept && run >= 0) {
      out += s.slice(run, i);
      run = -1;
    }
    i += width;
  }
  return run >= 0 ? out + s.slice(run) : out;
}

interface Paragraph {
  readonly text: string;
  /** Blank lines after it in the source: a wider gap sets a dek apart from the body. */
  readonly gap: number;
}

function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const parts = text.replace(/\r\n?/g, '\n').split(/(\n\s*\n)/);
  for (let i = 0; i < parts.length; i += 2) {
    const paragraph = parts[i]!.replace(/\s+/g, ' ').trim();
    const gap = (parts[i + 1]?.match(/\n/g)?.length ?? 1) - 1;
    if (paragraph) out.push({ text: paragraph, gap });
    else if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1]!, gap: out[out.length - 1]!.gap + gap + 1 };
  }
  return out;
}

/**
 * The COVID-19 platform banner's sentences at the start of a paragraph, each on its own or both
 * in one paragraph, often with an "ℹ" in front and the CDC's URL after: "ℹ This post may refer to
 * COVID-19. To access official information about the coronavirus, access CDC - Centers for
 * Disease Control and Prevention." Left in, they would give an unrelated story the COVID notice.
 * A dot inside a word ("cdc.gov") does not end a sentence.
 */
const BANNER_SENTENCE =
  /^(?:\u2139\uFE0F?\s*)?(?:this (?:post|article|story|page|content) (?:may|might) (?:refer|relate) to covid-?19\b|to access official information about (?:the )?coronavirus\b)(?:[^.!?\n]|\.(?=\S)){0,250}(?:[.!?]+|$)(?:\s*(?:https?:\/\/|www\.)\S{1,200})?\s*/i;

function withoutBanner(text: string): string {
  let rest = text;
  for (let match = BANNER_SENTENCE.exec(rest); match && match[0].length > 0; match = BANNER_SENTENCE.exec(rest)) rest = rest.slice(match[0].length);
  return rest;
}

/** A "read more" prompt ending the last paragraph after its last sentence: "… vote. Click to continue reading". */
const TRAILING_PROMPT = /(?<=[.!?…"”’)\]])\s*(?:(?:click|tap) (?:here )?to (?:continue|keep) reading|(?:continue|keep) reading|read (?:more|the full (?:story|article)))(?:\s*(?:…|\.{2,3}|[»›→]|>>))?\s*\.?$/i;

const isBoilerplate = (text: string) => BOILERPLATE.some((pattern) => pattern.test(text.replace(/^\u2139\uFE0F?\s*/, '')));
const looksLikeHeadline = (text: string) => text.length <= 200 && !/[.:;,]["”’]?$/.test(text);
const isOneSentence = (text: string) => text.length <= 320 && !/[.!?]["”’]?\s+["“‘]?[A-Z]/.test(text);

function wordOverlap(a: string, b: string): number {
  const first = new Set(comparable(a).split(' '));
  const second = new Set(comparable(b).split(' '));
  const shared = [...first].filter((w) => second.has(w)).length;
  return first.size === 0 ? 0 : shared / first.size;
}

function dropLeading(paragraphs: Paragraph[], text: string | undefined): Paragraph[] {
  if (!text) return paragraphs;
  const wanted = comparable(text);
  let start = 0;
  while (start < paragraphs.length && comparable(paragraphs[start]!.text) === wanted) start++;
  return paragraphs.slice(start);
}

/**
 * Cleans scraped text. `known` is the title and dek a feed or page already gave; without a title,
 * a headline-like first paragraph is taken as the title, and a one-sentence paragraph after it that
 * restates the lede (or stands apart from it) as the dek.
 */
export function cleanStory(text: string, known: { title?: string; dek?: string } = {}): CleanStory {
  let paragraphs = paragraphsOf(text)
    .map((p) => ({ ...p, text: withoutBanner(p.text) }))
    .filter((p) => p.text !== '' && !isBoilerplate(p.text));
  const last = paragraphs[paragraphs.length - 1];
  if (last) {
    const trimmed = last.text.replace(TRAILING_PROMPT, '');
    paragraphs = trimmed === '' ? paragraphs.slice(0, -1) : [...paragraphs.slice(0, -1), { ...last, text: trimmed }];
  }
  paragraphs = paragraphs.filter((p, i) => i === 0 || comparable(p.text) !== comparable(paragraphs[i - 1]!.text));
  let title = known.title?.trim() || undefined;
  let dek = known.dek?.trim() || undefined;
  if (!title && paragraphs.length > 1 && looksLikeHeadline(paragraphs[0]!.text)) title = paragraphs[0]!.text;
  const found = !known.title && title !== undefined;
  paragraphs = dropLeading(paragraphs, title);
  if (dek) paragraphs = dropLeading(paragraphs, dek);
  else if (found && paragraphs.length > 1) {
    const [first, next] = [paragraphs[0]!, paragraphs[1]!];
    if (isOneSentence(first.text) && (first.gap >= 2 || wordOverlap(first.text, next.text) >= 0.6)) {
      dek = first.text;
      paragraphs = paragraphs.slice(1);
    }
  }
  return { ...(title && { title }), ...(dek && { dek }), body: paragraphs.map((p) => p.text).join('\n\n') };
}
