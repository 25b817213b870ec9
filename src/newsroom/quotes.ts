// Direct quotations with who said them. Newswire attributes quotes in a handful of shapes
// ("...," X said. / X said, "..." / "...," said X, a spokesperson for Y. / according to X), refers
// back with pronouns and descriptors ("he added", "the ministry said"), and names people in full
// once ("Brig. Gen. Pat Ryder") and by surname after ("Ryder"). This module follows those habits.
import { splitParagraphs, splitSentences } from './text/sentences';

export interface Quote {
  readonly text: string;
  readonly speaker: string | null;
}

const SPEECH_VERBS =
  'said|says|say|told|tells|added|adds|asked|asks|wrote|writes|tweeted|posted|explained|explains|noted|notes|stated|states|argued|argues|insisted|insists|warned|warns|declared|declares|recalled|recalls|replied|replies|continued|continues|concluded|acknowledged|acknowledges|admitted|admits|announced|announces|claimed|claims|conceded|urged|urges|called|calls|described|describes|predicted|predicts|cautioned|suggested|suggests|remarked|reported|reports|confirmed|confirms|quipped|joked|shouted|stressed|emphasized|emphasised|testified|responded|responds';
const VERB = new RegExp(`\\b(?:${SPEECH_VERBS})\\b`);
const VERB_GLOBAL = new RegExp(`\\b(?:${SPEECH_VERBS})\\b`, 'g');

/** Titles dropped from a speaker's name: "Brig. Gen. Pat Ryder" -> "Pat Ryder". */
const TITLES = new Set(
  `mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary sen senator rep
  representative gov governor mayor judge justice gen general lt col colonel maj major capt captain sgt
  brig adm admiral cmdr commander chief sheriff officer detective det insp inspector supt pope father
  rev reverend rabbi imam king queen prince princess chancellor ambassador attorney deputy
  spokesman spokeswoman spokesperson professor coach manager director chairman chairwoman chair ceo
  former acting interim then late patrol police fire fisherman fisherwoman farmer meteorologist
  economist analyst lawyer doctor nurse pastor bishop cardinal councilman councilwoman commissioner
  superintendent lieutenant sergeant corporal private dr.`.split(/\s+/),
);

const PRONOUNS: Record<string, 'person' | 'group'> = {
  he: 'person', she: 'person', they: 'group', it: 'group',
};

/** Lower-case head nouns that name an organisation ("the ministry said"). */
const ORG_NOUNS =
  /\b(?:ministry|department|agency|office|government|council|committee|company|firm|police|military|army|navy|embassy|commission|court|board|group|organisation|organization|union|party|administration|campaign|spokesperson|spokesman|spokeswoman|statement|authorities|officials|official|report|researchers|experts|scientists|analysts|residents|witnesses|team|club|league|service|bureau|institute|university|hospital|center|centre|network|station|media|newspaper|channel|outlet|airline|bank|court|prosecutors|lawyers|investigators|regulator|ministry)\b$/i;

interface Span {
  text: string;
  start: number;
  end: number;
}

/** Double-quoted spans in a paragraph; an unclosed one runs to the paragraph's end. */
function quotedSpans(paragraph: string): { spans: Span[]; open: boolean } {
  const spans: Span[] = [];
  let openAt = -1;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i];
    if (openAt < 0 && (ch === '“' || ch === '"')) openAt = i;
    else if (openAt >= 0 && (ch === '”' || (ch === '"' && paragraph[openAt] === '"') || (ch === '"' && paragraph[openAt] === '“'))) {
      spans.push({ text: paragraph.slice(openAt + 1, i), start: openAt, end: i + 1 });
      openAt = -1;
    } else if (openAt >= 0 && ch === '“') {
      // A stray opening mark: the earlier one was never closed; restart here.
      openAt = i;
    }
  }
  if (openAt >= 0) {
    spans.push({ text: paragraph.slice(openAt + 1), start: openAt, end: paragraph.length });
    return { spans, open: true };
  }
  return { spans, open: false };
}

const NAME_WORD = String.raw`(?:[A-Z][\p{L}'’.-]*|[A-Z]\.|de|da|van|von|del|der|bin|al|la|le)`;
const NAME_RUN = new RegExp(String.raw`(?:${NAME_WORD}\s+)*${NAME_WORD}`, 'u');

/** Drops leading titles and trailing punctuation: "Brig. Gen. Pat Ryder," -> "Pat Ryder". */
export function cleanName(raw: string): string {
  const words = raw.replace(/[,;:]+$/, '').trim().split(/\s+/);
  while (words.length > 1 && TITLES.has(words[0]!.toLowerCase().replace(/\.$/, ''))) words.shift();
  return words.join(' ').replace(/[’']s$/, '');
}

function isCapitalised(word: string): boolean {
  return /^[A-Z]/.test(word);
}

/**
 * The noun phrase right before a speech verb: "national security adviser Jake Sullivan" -> Jake
 * Sullivan, "state news agency KCNA" -> KCNA, "The South Korean defense ministry" -> South Korean
 * defense ministry, "a spokesperson, Brig. Gen. Pat Ryder," -> Pat Ryder.
 */
function subjectBefore(text: string): string | null {
  // Adverbs and auxiliaries between subject and verb: "Interfax also confirmed", "Kim had said".
  let t = text.replace(/(?:\s+(?:also|later|earlier|then|previously|again|had|has|have|was|were|is|would|will|\w+ly))+\s*$/, '').trimEnd();
  // Time and place words between subject and verb: "Kim said Monday" is handled after the verb;
  // here we only strip a trailing appositive comma: "Pat Ryder, told" -> "Pat Ryder".
  t = t.replace(/,$/, '');
  const tokens = t.split(/\s+/);
  const taken: string[] = [];
  let lower = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const tok = tokens[i]!;
    const bare = tok.replace(/^[“"(]+|[,”")]+$/g, '');
    if (bare === '' || /[”"“]/.test(tok)) break;
    if (taken.length === 0 && bare.toLowerCase() in PRONOUNS) return bare.toLowerCase();
    if (/^(?:the|a|an)$/i.test(bare)) {
      if (taken.length > 0 && taken.every((w) => !/^[A-Z]/.test(w))) return `the ${taken.join(' ')}`;
      break;
    }
    if (/,$/.test(tok) && taken.length > 0) break;
    if (isCapitalised(bare) || /^\d/.test(bare)) {
      taken.unshift(bare);
      continue;
    }
    // lowercase words: allowed inside an organisation phrase, a few at most
    if (/^(?:and|of|for|at|in|on|who|which|that|but|as|while|when|after|before|with|to|by|from)$/.test(bare)) {
      if (/^(?:of|for)$/.test(bare) && taken.length > 0 && isCapitalised(taken[0]!)) {
        taken.unshift(bare);
        continue;
      }
      break;
    }
    if (++lower > 4) break;
    taken.unshift(bare);
  }
  // Trim leading lowercase-only words from a phrase that ends in a name: keep the name.
  while (taken.length > 0 && !/^(?:[A-Z]|\d)/.test(taken[0]!)) {
    const rest = taken.slice(1);
    if (rest.length === 0 || !rest.every((w) => /^[A-Z]/.test(w) || /^(?:of|for|de|van|von|al|bin)$/.test(w))) break;
    taken.shift();
  }
  if (taken.length === 0) return null;
  const phrase = taken.join(' ');
  if (/^[A-Z]/.test(phrase) && taken.every((w) => /^[A-Z]|^(?:of|for|de|van|von|al|bin)$/.test(w))) return cleanName(phrase);
  // e.g. "South Korean defense ministry", "U.S. officials"
  // "National security adviser Jake Sullivan" -> the trailing name.
  let tail = taken.length;
  while (tail > 0 && /^[A-Z]/.test(taken[tail - 1]!)) tail--;
  if (tail < taken.length && tail > 0) return cleanName(taken.slice(tail).join(' '));
  if (!taken.some((w) => /^[A-Z]/.test(w)) && !ORG_NOUNS.test(phrase)) return null;
  return cleanName(phrase);
}

/** The speaker named right after a speech verb: `said Leif-Eric Easley, a professor` -> Leif-Eric Easley. */
function subjectAfter(text: string): string | null {
  const t = text.replace(/^\s*(?:on\s+\w+\s+)?/, '');
  const pronoun = /^(?:he|she|they)\b/i.exec(t);
  if (pronoun) return pronoun[0].toLowerCase();
  const withArticle = /^(?:the|a|an)\s+((?:[a-z-]+\s+){0,3}[a-z-]+)\b/i.exec(t);
  const name = NAME_RUN.exec(t);
  if (name && name.index === 0) return cleanName(name[0]);
  // "said fisherman Aaron Laguna Ipuana" / "said attorney Alina Das"
  const titled = new RegExp(String.raw`^(?:[a-z-]+\s+){1,3}(${NAME_RUN.source})`, 'u').exec(t);
  if (titled?.[1]) return cleanName(titled[1]);
  if (withArticle?.[1] && ORG_NOUNS.test(withArticle[1])) return `the ${withArticle[1]}`;
  return null;
}

/** The speaker of a speech verb found in a clause: "X said" or the inverted "..., said X". */
function speakerAround(pre: string, post: string): string | null {
  if (/\b(?:not|never|didn['’]t|doesn['’]t|won['’]t|to)\s*$/i.test(pre)) return null;
  const inverted = /,\s*$|^\s*$/.test(pre.replace(/[”"]\s*$/, ''));
  const before = () => subjectBefore(pre.replace(/^[\s,—–-]+/, ''));
  const after = () => subjectAfter(post);
  return inverted ? (after() ?? before()) : (before() ?? after());
}

const ACCORDING_TO = /according to\s+((?:the\s+)?[^,.;“"]+)/i;

function accordingTo(clause: string): string | null {
  const m = ACCORDING_TO.exec(clause);
  if (!m?.[1]) return null;
  const target = m[1].trim();
  if (/^the\s+[a-z]/.test(target)) return target.replace(/^the\s+/, 'the ');
  return subjectAfter(target) ?? cleanName(target);
}

/** The first sentence of a stretch of text, where the sentence splitter is sure. */
function firstSentence(text: string): string {
  return splitSentences(text)[0] ?? '';
}

/** Finds the attribution for a quote from the words around it in its sentence. */
function attribution(before: string, after: string): string | null {
  // 1. After the quote: `,” X said` / `,” said X` / `,” he added` / `,” X told reporters`
  const afterClause = /^\s*[,—–-]/.test(after) || /^\s*[a-z]/.test(after) ? firstSentence(`x${after.split(/[“"]/)[0] ?? ''}`).slice(1) : '';
  const according = accordingTo(afterClause);
  if (according) return according;
  const verbAfter = VERB.exec(afterClause);
  if (verbAfter) {
    const subject = speakerAround(afterClause.slice(0, verbAfter.index), afterClause.slice(verbAfter.index + verbAfter[0].length));
    if (subject) return subject;
  }
  // 2. Before the quote, in the same sentence: `X said, “` / `X said that “` / `X told reporters: “`
  const lastSentence = splitSentences(before).at(-1) ?? '';
  if (/[.!?][”"]?\s*$/.test(before.trim()) && !/[:,]\s*$/.test(before)) return null;
  const accordingBefore = accordingTo(lastSentence);
  if (accordingBefore) return accordingBefore;
  const verbBefore = [...lastSentence.matchAll(VERB_GLOBAL)].at(-1);
  if (verbBefore?.index !== undefined) {
    const subject = speakerAround(lastSentence.slice(0, verbBefore.index), lastSentence.slice(verbBefore.index + verbBefore[0].length));
    if (subject) return subject;
  }
  return null;
}

interface Entity {
  name: string;
  kind: 'person' | 'group';
  /** Lower-case descriptor nouns seen with the name: "agency" for "state news agency KCNA". */
  aliases: Set<string>;
}

/** Remembers who has been named, so "Ryder", "he" and "the ministry" resolve to a full name. */
class SpeakerBook {
  private readonly entities: Entity[] = [];
  private lastPerson: Entity | null = null;
  private lastGroup: Entity | null = null;

  resolve(mention: string): string | null {
    const lowered = mention.toLowerCase();
    if (lowered in PRONOUNS) return (PRONOUNS[lowered] === 'person' ? this.lastPerson : this.lastGroup ?? this.lastPerson)?.name ?? null;
    const descriptor = /^(?:the|a|an)\s+(.+)$/i.exec(mention);
    if (descriptor) {
      const head = descriptor[1]!.toLowerCase().split(/\s+/).at(-1)!;
      const known = [...this.entities].reverse().find((e) => e.aliases.has(head) || e.name.toLowerCase().endsWith(head));
      if (known) return this.touch(known).name;
      return this.remember(descriptor[1]!, 'group').name;
    }
    // A surname (or any tail) of someone already named is that person.
    const known = [...this.entities].reverse().find((e) => e.name === mention || e.name.endsWith(` ${mention}`) || e.name.split(/\s+/).includes(mention));
    if (known) return this.touch(known).name;
    const looksLikePerson = /^[A-Z][\p{L}'’.-]+(?:\s+[A-Z][\p{L}'’.-]*)+$/u.test(mention) && !ORG_NOUNS.test(mention) && !/\b(?:Department|Ministry|Agency|House|Council|Office|Kremlin|Pentagon|Police|Party|Bank|Court|University|News|Times|Post|Press|Reuters|Officials)\b/.test(mention);
    return this.remember(mention, looksLikePerson ? 'person' : 'group').name;
  }

  /** Registers who speaks in sentences without quotes ("Kremlin spokesperson Dmitry Peskov said"), for later pronouns. */
  noteSpeakers(paragraph: string): void {
    for (const sentence of splitSentences(paragraph.replace(/[“"][^”"]*[”"]/g, '“…”'))) {
      const verb = VERB.exec(sentence);
      if (!verb) continue;
      const mention = speakerAround(sentence.slice(0, verb.index), sentence.slice(verb.index + verb[0].length));
      if (!mention || mention in PRONOUNS) continue;
      const name = this.resolve(mention);
      if (name) descriptorAlias(this, sentence, name);
    }
  }

  alias(name: string, descriptor: string): void {
    const entity = this.entities.find((e) => e.name === name);
    if (entity) entity.aliases.add(descriptor.toLowerCase());
  }

  private remember(name: string, kind: Entity['kind']): Entity {
    const entity: Entity = { name, kind, aliases: new Set() };
    this.entities.push(entity);
    return this.touch(entity);
  }

  private touch(entity: Entity): Entity {
    if (entity.kind === 'person') this.lastPerson = entity;
    else this.lastGroup = entity;
    return entity;
  }
}

/** Every direct quotation in the body with its speaker (null when no one can be named). */
export function extractQuotes(body: string): Quote[] {
  const paragraphs = splitParagraphs(body);
  const book = new SpeakerBook();
  const quotes: Quote[] = [];
  let previousSpeaker: string | null = null;
  let continuing = false;

  for (const paragraph of paragraphs) {
    const { spans, open } = quotedSpans(paragraph);
    let paragraphSpeaker: string | null = null;
    const pending: number[] = [];
    // Speakers named before the first quote ("The Kremlin said Monday ... It said “...”") feed pronouns.
    book.noteSpeakers(spans.length === 0 ? paragraph : paragraph.slice(0, spans[0]!.start));
    for (const [i, span] of spans.entries()) {
      const before = paragraph.slice(i === 0 ? 0 : spans[i - 1]!.end, span.start);
      const after = paragraph.slice(span.end, spans[i + 1]?.start ?? paragraph.length);
      const mention = attribution(paragraph.slice(0, span.start), after) ?? (before.trim() === '' ? null : attribution(before, ''));
      const speaker = mention ? book.resolve(mention) : null;
      const text = span.text.trim();
      if (text === '') continue;
      quotes.push({ text, speaker });
      if (speaker) {
        paragraphSpeaker = speaker;
        descriptorAlias(book, paragraph, speaker);
      } else pending.push(quotes.length - 1);
    }
    // Unattributed quotes take the paragraph's speaker, else the one before (a continued quote).
    const fallback: string | null = paragraphSpeaker ?? (continuing || spans.length > 0 ? previousSpeaker : null);
    for (const index of pending) quotes[index] = { text: quotes[index]!.text, speaker: fallback };
    if (paragraphSpeaker ?? fallback) previousSpeaker = paragraphSpeaker ?? fallback;
    continuing = open;
  }
  return quotes;
}

/** "state news agency KCNA said" -> KCNA is also "the agency". */
function descriptorAlias(book: SpeakerBook, paragraph: string, speaker: string): void {
  const at = paragraph.indexOf(speaker);
  if (at <= 0) return;
  const before = paragraph.slice(Math.max(0, at - 40), at).trim().split(/\s+/).at(-1) ?? '';
  if (/^[a-z]+$/.test(before) && before.length > 3) book.alias(speaker, before);
}
