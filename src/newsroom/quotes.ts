// Direct quotations with who said them. Newswire attributes quotes in a handful of shapes
// ("...," X said. / X said, "..." / "...," said X, a spokesperson for Y. / according to X), refers
// back with pronouns and descriptors ("he added", "the ministry said"), names people in full once
// ("Brig. Gen. Pat Ryder") and by surname after ("Ryder"), and runs one speaker's quotation over
// several paragraphs. No library attributes quotations, so this is ours.
//   attribution/marks.ts       the quotations of a paragraph (double, single, nested marks)
//   attribution/clauses.ts     who a sentence says is speaking ("…,” X said / X said: “…”)
//   attribution/names.ts       noun phrases: names, titles, descriptors ("the former general")
//   attribution/introduced.ts  who the whole article introduces: full names, groups, acronyms
//   attribution/speakers.ts    the speaker book: people, organisations, anonymous sources and
//                              documents so far, against which surnames, pronouns and descriptors resolve
import { attributeInSentence, MARK, openingSubject, sentenceMarkers, skeletonSentences, speakerNamedAfter, speakerOfSentence } from './attribution/clauses';
import { quotedSpans, skeleton, wordCount } from './attribution/marks';
import { DOCUMENT_NOUNS, isGroupHead, PERSON_NOUNS } from './attribution/names';
import { acronymsIn, apposedOrganisationsIn, groupsIn, namesIn, representedIn } from './attribution/introduced';
import { SpeakerBook } from './attribution/speakers';
import { stripDateline } from './summarize';
import { splitParagraphs } from './text/sentences';

export interface Quote {
  readonly text: string;
  readonly speaker: string | null;
}

/**
 * Words after which a quotation is a name or a title, not speech. The tests on what comes before a
 * quotation are lookbehinds tried at the quotation's marker (sticky, `lastIndex` set to it): the same
 * as `…$` on the sentence up to the marker, without testing the whole sentence so far again for each
 * of its quotations, which was quadratic.
 */
const LABEL_BEFORE = /(?<=\b(?:called|dubbed|titled|entitled|named|so-called|known (?:\w+ )?as|labeled|labelled|branded|term|phrase|word|slogan|hashtag|motto|tagline|campaign|song|album|single|film|movie|documentary|series|podcast|headline|banner|poster|musical)\s+)/iy;
/** Kinds of titled things: "the “Meth. We’re on it.” campaign", "her “Lover” album". */
const LABEL_NOUNS = 'campaign|slogan|motto|tagline|hashtag|song|album|single|film|movie|documentary|series|podcast|headline|banner|poster|musical|ad|advert|logo|sign|signs|tour|brand|label';
/** After the quotation's marker: a label noun, perhaps after one modifier ("“…” awareness campaign"). */
const LABEL_AFTER = new RegExp(String.raw`^\uE001[.,]?\s+(?:[a-z-]+\s+)?(?:${LABEL_NOUNS})\b(?!\s+(?:said|says|told))`);
/**
 * After a determiner or a possessive a quotation is a name ("a “virtual tour”", "the band’s “Long
 * Drive”") unless a speaker frames it: X said the plan was a “…”, X said the mayor’s “…”.
 */
const DETERMINER_BEFORE = /(?<=(?:\b(?:a|an|the|her|his|its|their|our|my)|\p{L}[’']s?)\s+)/iuy;
/** A word right before the quotation ("… described it as “…”"), not a colon ("X said: “…”"). */
const WORD_BEFORE = /(?<=\p{L},?\s+)/uy;
const COLON_BEFORE = /(?<=:\s*)/y;
/**
 * Set off after a verb of chanting or shouting: "Protesters chanted, “No More Cuts”" is said aloud,
 * title case or not (but "sang “Here Comes the Sun”" names a song).
 */
const CHANTED_BEFORE = /(?<=\b(?:chanted|chant|chants|chanting|shouted|shout|shouting|yelled|yelling|screamed|cried|roared)[,:]\s*)/y;

/** Whether `pattern` (a sticky lookbehind) matches right at `at` in `text`. */
function endsAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** "in a statement", "sent a letter", "its report": the sentence's speaker wrote a document. */
// (Not Unicode-aware: with the `u` flag this test cost ten times as much.)
const DOCUMENT_MENTION = new RegExp(String.raw`\b(?:a|an|its|his|her|their)\s+(?:[a-z0-9-]+\s+){0,2}(?:${[...DOCUMENT_NOUNS].join('|')})\b`, 'i');

/** The kind of document a sentence says its speaker wrote ("ruling" of "in a 30-page ruling"), or null. */
function documentIn(sentence: string): string | null {
  const m = DOCUMENT_MENTION.exec(sentence);
  return m ? m[0].slice(m[0].lastIndexOf(' ') + 1).toLowerCase() : null;
}

/** Small words a headline or a title leaves in lower case. */
const TITLE_SMALL_WORDS = new Set('a an the and or but nor of on in at to for by with from as v vs vs.'.split(' '));

/**
 * Every word capitalised, bar small ones: a title, a sign or a slogan ("Less Talk, More Action"),
 * not speech, which has lower-case words (so the scan stops at the first of them).
 */
function isTitleCase(text: string): boolean {
  let words = 0;
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(/^[^\p{L}\p{N}]+/u, '');
    if (word === '') continue;
    words++;
    const first = word[0]!;
    if (first !== first.toUpperCase() && !TITLE_SMALL_WORDS.has(word.replace(/[^\p{L}.]+$/u, ''))) return false;
  }
  return words >= 3;
}

/**
 * Every direct quotation of three or more words in the body, with its speaker (null when no one can
 * be named). Shorter quoted bits are scare quotes or names, not speech.
 */
export function extractQuotes(body: string, given: readonly string[] = splitParagraphs(body)): Quote[] {
  // "(CNN)Hillary Clinton said ...": the dateline would hide the first sentence's subject.
  const paragraphs = given.length > 0 ? [stripDateline(given[0]!), ...given.slice(1)] : given;
  const names = namesIn(body);
  // (An organisation an apposition names is one, though its name looks like a person's.)
  const apposed = apposedOrganisationsIn(body);
  const organisations = apposed.size > 0 ? new Set([...names.organisations, ...apposed]) : names.organisations;
  const book = new SpeakerBook(names.people, groupsIn(body), acronymsIn(body), representedIn(body), organisations, body);
  const quotes: Quote[] = [];
  // Who spoke last: an unattributed quotation in a paragraph of its own continues their words.
  let running: string | null = null;
  let continuing = false;
  let narrative: string | null = null;

  for (const given of paragraphs) {
    // Typewriter copy doubles single marks for double ones: ‘‘…’’, ``…'' (and AP's “…’’).
    const paragraph = given.includes("''") || given.includes('’’') || given.includes('‘‘') || given.includes('``') ? given.replace(/’’|''/g, '”').replace(/‘‘|``/g, '“') : given;
    const { spans, open } = quotedSpans(paragraph);
    const sentences = skeletonSentences(skeleton(paragraph, spans));
    let paragraphSpeaker: string | null = null;
    // (`pronoun`: the "he" or "she" of a quotation whose pronoun named no one of that sex.)
    const unattributed: { at: number; prior: string | null; pronoun?: 'he' | 'she' }[] = [];
    const opensWithQuote = spans.length > 0 && paragraph.slice(0, spans[0]!.start).trim() === '';
    // After narrative that names one person, a quotation standing alone is that person's.
    if (narrative !== null && opensWithQuote) running = book.onlyPersonNamed(narrative) ?? running;
    const firstInParagraph = quotes.length;
    sentences.forEach((sentence) => {
      book.noteOrganisations(sentence);
      const found = sentenceMarkers(sentence);
      if (found.length === 0) {
        // "“…” That was the message from X.": the quotations before it in the paragraph are X's.
        const named = unattributed.length > 0 ? speakerNamedAfter(sentence) : null;
        const namer = named ? book.resolve(named) : null;
        if (namer) {
          for (const u of unattributed.splice(0)) quotes[u.at] = { text: quotes[u.at]!.text, speaker: namer };
          paragraphSpeaker = namer;
          return;
        }
        // A speaker without a quotation ("Kremlin spokesperson Dmitry Peskov said ...") or the
        // sentence's subject becomes who "he" or "the ministry" means next.
        const mention = speakerOfSentence(sentence);
        // ("according to his lawyer" names no one new; "the county health department" does).
        // ("One headteacher, who asked not to be named, told …": someone unnamed, whom "she said" means next.)
        const someone = mention?.kind === 'descriptor' && !mention.definite && PERSON_NOUNS.has(mention.head);
        const known = mention && (someone || !(mention.kind === 'descriptor' && !mention.named && !isGroupHead(mention.head)));
        let who: string | null = null;
        if (mention && known) who = book.resolve(mention);
        else {
          const subject = openingSubject(sentence);
          if (subject) who = book.noteSubject(subject);
          // "Her comments were echoed by backbencher Lee Anderson.": with no one as its subject, the
          // one person a sentence names in full is who "he" means next.
          if (!who && subject?.kind !== 'name') who = book.notePersonNamed(sentence);
        }
        // What a crowd says ("Residents say ...") is reported, not quoted: a quotation after it in the
        // paragraph stays with the speaker quoted before.
        const crowd = mention?.kind === 'descriptor' && mention.head.endsWith('s') && quotes.length > firstInParagraph;
        if (!crowd) paragraphSpeaker = who ?? paragraphSpeaker;
        const document = who ? documentIn(sentence) : null;
        if (who && document) book.noteAuthor(who, document);
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
        // After "called" a quotation names something.
        if (endsAt(LABEL_BEFORE, sentence, marker.index!)) return;
        // Before a noun it names, after a determiner or a possessive: "the state’s viral “…” campaign".
        if (LABEL_AFTER.test(sentence.slice(marker.index! + marker[0].length - 1, marker.index! + marker[0].length + 40)) && /(?:\b(?:a|an|the|her|his|its|their|our|my)|\p{L}[’']s?)(?:\s+\p{Ll}+){0,2}\s+$/iu.test(sentence.slice(Math.max(0, marker.index! - 60), marker.index!))) return;
        const { mention, distant } = attributeInSentence(sentence, index, found, at);
        if ((!mention || distant) && endsAt(DETERMINER_BEFORE, sentence, marker.index!)) return;
        const speaker = mention ? book.resolve(mention) : null;
        if (speaker) paragraphSpeaker = speaker;
        const document = speaker ? documentIn(sentence) : null;
        if (speaker && document) book.noteAuthor(speaker, document);
        if (wordCount(text) < 3 || (isTitleCase(text) && !endsAt(CHANTED_BEFORE, sentence, marker.index!))) return;
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
          const pronoun = mention?.kind === 'pronoun' && (mention.word === 'he' || mention.word === 'she') ? mention.word : undefined;
          unattributed.push({ at: quotes.length, prior: paragraphSpeaker, pronoun });
          quotes.push({ text, speaker: null });
        }
      });
    });
    // Unattributed quotations take the speaker named before them in the paragraph, else the one
    // named after them, else (a paragraph that opens with a quotation) the running speaker.
    const carried: string | null = continuing || opensWithQuote ? running : null;
    const fallback: string | null = paragraphSpeaker ?? carried;
    // The speaker of the next attributed quotation after each one in the paragraph, in one backward pass.
    const nextSpeaker: (string | null)[] = [];
    for (let i = quotes.length - 1, next: string | null = null; i >= firstInParagraph; i--) {
      nextSpeaker[i] = next;
      next = quotes[i]!.speaker ?? next;
    }
    for (const u of unattributed) {
      const next = nextSpeaker[u.at] ?? null;
      const speaker = u.prior ?? (u.at === firstInParagraph && carried ? carried : next) ?? fallback;
      // "…,” he said after a woman spoke (the book found no man to be "he"): no one we can name.
      const wrongSex = u.pronoun !== undefined && speaker !== null && book.takesOtherPronoun(speaker, u.pronoun);
      quotes[u.at] = { text: quotes[u.at]!.text, speaker: wrongSex ? null : speaker };
    }
    if (paragraphSpeaker ?? fallback) running = paragraphSpeaker ?? fallback;
    // A paragraph of narrative that names no speaker ("But for Tane and his family the losses are
    // personal."): whom it names is read if a quotation opens the next one.
    narrative = spans.length === 0 && paragraphSpeaker === null ? paragraph : null;
    continuing = open;
  }
  return quotes.filter((q) => q.speaker !== null || wordCount(q.text) >= 3);
}
