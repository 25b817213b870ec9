// Direct quotations with who said them. Newswire attributes quotes in a handful of shapes
// ("...," X said. / X said, "..." / "...," said X, a spokesperson for Y. / according to X), refers
// back with pronouns and descriptors ("he added", "the ministry said"), names people in full once
// ("Brig. Gen. Pat Ryder") and by surname after ("Ryder"), and runs one speaker's quotation over
// several paragraphs. No library attributes quotations, so this is ours.
import { attributeInSentence, MARK, openingSubject, sentenceMarkers, skeletonSentences, speakerOfSentence } from './attribution/clauses';
import { GROUP_NOUNS } from './attribution/names';
import { groupsIn, personNamesIn, SpeakerBook } from './attribution/speakers';
import { stripDateline } from './summarize';
import { splitParagraphs } from './text/sentences';

export interface Quote {
  readonly text: string;
  readonly speaker: string | null;
}

interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const OPEN = new Set(['“', '"', '«']);
const CLOSE = new Set(['”', '"', '»']);

/** Double-quoted spans in a paragraph; an unclosed one runs to the paragraph's end. */
function quotedSpans(paragraph: string): { spans: Span[]; open: boolean } {
  const spans: Span[] = [];
  let openAt = -1;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i]!;
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
function skeleton(paragraph: string, spans: readonly Span[]): string {
  let out = '';
  let from = 0;
  spans.forEach((s, i) => {
    const last = s.text.trimEnd().at(-1) ?? '';
    const closing = ',.!?'.includes(last) ? last : '';
    out += `${paragraph.slice(from, s.start)}${MARK}${i}\uE001${closing}`;
    from = s.end;
  });
  return out + paragraph.slice(from);
}

/**
 * Words after which a quotation is a name or a title, not speech. The tests on what comes before a
 * quotation are lookbehinds tried at the quotation's marker (sticky, `lastIndex` set to it): the same
 * as `…$` on the sentence up to the marker, without testing the whole sentence so far again for each
 * of its quotations, which was quadratic.
 */
const LABEL_BEFORE = /(?<=\b(?:a|an|the|her|his|its|their|our|my|called|dubbed|titled|entitled|named|so-called|known (?:\w+ )?as|labeled|labelled|branded|term|phrase|word|slogan|hashtag)\s+)/iy;
/** A word right before the quotation ("… described it as “…”"), not a colon ("X said: “…”"). */
const WORD_BEFORE = /(?<=\p{L},?\s+)/uy;
const COLON_BEFORE = /(?<=:\s*)/y;

/** Whether `pattern` (a sticky lookbehind) matches right at `at` in `text`. */
function endsAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Every direct quotation of three or more words in the body, with its speaker (null when no one can
 * be named). Shorter quoted bits are scare quotes or names, not speech.
 */
export function extractQuotes(body: string, given: readonly string[] = splitParagraphs(body)): Quote[] {
  // "(CNN)Hillary Clinton said ...": the dateline would hide the first sentence's subject.
  const paragraphs = given.length > 0 ? [stripDateline(given[0]!), ...given.slice(1)] : given;
  const book = new SpeakerBook(personNamesIn(body), groupsIn(body));
  const quotes: Quote[] = [];
  // Who spoke last: an unattributed quotation in a paragraph of its own continues their words.
  let running: string | null = null;
  let continuing = false;

  for (const paragraph of paragraphs) {
    const { spans, open } = quotedSpans(paragraph);
    const sentences = skeletonSentences(skeleton(paragraph, spans));
    let paragraphSpeaker: string | null = null;
    const unattributed: { at: number; prior: string | null }[] = [];
    const opensWithQuote = /^\s*[“"«]/.test(paragraph);
    const firstInParagraph = quotes.length;
    sentences.forEach((sentence) => {
      const found = sentenceMarkers(sentence);
      if (found.length === 0) {
        // A speaker without a quotation ("Kremlin spokesperson Dmitry Peskov said ...") or the
        // sentence's subject becomes who "he" or "the ministry" means next.
        const mention = speakerOfSentence(sentence);
        // ("according to his lawyer" names no one new; "the county health department" does).
        const known = mention && !(mention.kind === 'descriptor' && !mention.named && !GROUP_NOUNS.has(mention.head));
        if (mention && known) paragraphSpeaker = book.resolve(mention) ?? paragraphSpeaker;
        else {
          const subject = openingSubject(sentence);
          if (subject) paragraphSpeaker = book.noteSubject(subject) ?? paragraphSpeaker;
        }
        return;
      }
      const subject = openingSubject(sentence);
      if (subject && !(subject.kind === 'name' && sentence.trimStart().startsWith(MARK))) {
        paragraphSpeaker = book.noteSubject(subject) ?? paragraphSpeaker;
      }
      found.forEach((marker, at) => {
        const index = Number(marker[1]);
        const span = spans[index]!;
        const text = span.text.trim();
        // After "a", "her", "called" a quotation names something ("a “virtual launch experience”").
        if (endsAt(LABEL_BEFORE, sentence, marker.index!)) return;
        const { mention } = attributeInSentence(sentence, index, found, at);
        const speaker = mention ? book.resolve(mention) : null;
        if (speaker) paragraphSpeaker = speaker;
        if (wordCount(text) < 3) return;
        if (speaker) quotes.push({ text, speaker });
        else {
          if (endsAt(WORD_BEFORE, sentence, marker.index!) && !endsAt(COLON_BEFORE, sentence, marker.index!)) {
            // Embedded in a sentence without a speech verb: the words are the sentence subject's.
            const who = subject && book.knows(subject) ? book.resolve(subject) : null;
            if (!who) return;
            paragraphSpeaker = who;
            quotes.push({ text, speaker: who });
            return;
          }
          unattributed.push({ at: quotes.length, prior: paragraphSpeaker });
          quotes.push({ text, speaker: null });
        }
      });
    });
    // Unattributed quotations take the paragraph's speaker, else the running one (a continuation).
    // Unattributed quotations take the speaker named before them in the paragraph, else the one
    // named after them, else (a paragraph that opens with a quotation) the running speaker.
    const fallback: string | null = paragraphSpeaker ?? (continuing || opensWithQuote ? running : null);
    // The speaker of the next attributed quotation after each one in the paragraph, in one backward pass.
    const nextSpeaker: (string | null)[] = [];
    for (let i = quotes.length - 1, next: string | null = null; i >= firstInParagraph; i--) {
      nextSpeaker[i] = next;
      next = quotes[i]!.speaker ?? next;
    }
    for (const u of unattributed) {
      const next = nextSpeaker[u.at] ?? null;
      const carried = continuing || opensWithQuote ? running : null;
      quotes[u.at] = { text: quotes[u.at]!.text, speaker: u.prior ?? (u.at === firstInParagraph && carried ? carried : next) ?? fallback };
    }
    if (paragraphSpeaker ?? fallback) running = paragraphSpeaker ?? fallback;
    continuing = open;
  }
  return quotes.filter((q) => q.speaker !== null || wordCount(q.text) >= 3);
}
