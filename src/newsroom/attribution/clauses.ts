// Finding who a quotation belongs to from the words around it. The paragraph is reduced to a
// skeleton, each quotation replaced by a marker, so sentence breaks inside quotations cannot
// mislead and the attribution clause ("...," she said / X said: "...") is plain to see.
import { NAME_PARTICLE } from './introduced';
import { affiliatedRole, DOCUMENT_NOUNS, GROUP_NOUNS, GROUP_WORDS, isPronoun, type Mention, parseNounPhrase, PERSON_NOUNS, TITLES } from './names';

export const SPEECH_VERBS =
  // Reporting verbs of newswire, including the rarer ones that frame a fragment (cited, characterized,
  // advises) and those a document takes (reads, states).
  'said|says|say|told|tells|added|adds|asked|asks|wrote|writes|tweeted|posted|explained|explains|noted|' +
  'notes|stated|states|argued|argues|insisted|insists|warned|warns|declared|declares|recalled|recalls|' +
  'replied|replies|continued|continues|concluded|acknowledged|acknowledges|admitted|admits|announced|' +
  'announces|claimed|claims|conceded|concedes|urged|urges|called|calls|described|describes|predicted|' +
  'predicts|cautioned|cautions|suggested|suggests|remarked|reported|reports|confirmed|confirms|quipped|' +
  'joked|shouted|yelled|stressed|stresses|emphasized|emphasised|testified|responded|responds|accused|' +
  'accuses|pledged|vowed|vows|promised|chanted|chant|wondered|recounted|complained|agreed|lamented|' +
  'countered|observed|boasted|repeated|echoed|cried|screamed|whispered|texted|messaged|elaborated|' +
  'cited|cites|characterized|characterizes|characterised|characterises|advised|advises|advise|' +
  'recommended|recommends|maintained|maintains|alleged|alleges|contended|contends|asserted|asserts|' +
  'reiterated|reiterates|mused|charged|read|reads|pleaded|demanded|demands|denied|denies|revealed|' +
  'reveals|hinted|retorted|snapped|exclaimed|interjected|thundered|murmured|affirmed|affirms|assured|' +
  'assures|reminded|reminds|informed|instructed|directed|estimated|estimates|signaled|signalled|' +
  'indicated|indicates|write|tweets|opined|surmised|ventured|summed|summarized|summarised|' +
  // What someone asked for or sold in their own words: "the sum X requested — “…”".
  'requested|requests|touted|touts|hailed|hails|decried|decries';
const VERB_SET = new Set(SPEECH_VERBS.split('|'));

export const MARK = '\uE000';

const ABBREVIATION = /(?:^|\s)(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Adm|Cmdr|Rev|Prof|Supt|Det|Insp|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|Jr|Sr|Inc|Co|Corp|Ltd|U\.S|U\.K|U\.N|a\.m|p\.m)\.$/;
const TIME_WORD = /^(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|last|this|earlier|later|in|at|on|during|after|before|when|while|that|of|to)\b/i;

/**
 * Sentences of a skeleton: breaks after . ! ? before a capital or a marker, not after abbreviations.
 * Not wink-nlp: with the quotations gone the text is short and plain, and one regex pass is much
 * cheaper than tokenizing the paragraph a second time.
 */
export function skeletonSentences(skeleton: string): string[] {
  const out: string[] = [];
  let start = 0;
  // The lookbehind starts a match only at the first of a run of stops: from inside the run it could
  // not match either, and trying it from every dot of "......" was quadratic.
  for (const m of skeleton.matchAll(/(?<![.!?])[.!?]+["”’]?\s+(?=[\p{Lu}\uE000"“(])/gu)) {
    const end = m.index! + m[0].length;
    // Only the end of the sentence so far can be an abbreviation ("Gen."): a short window of it, so
    // a long run of "A. A. A." is not tested from its start again at every stop.
    const head = skeleton.slice(Math.max(start, m.index! + 1 - 16), m.index! + 1);
    if (ABBREVIATION.test(head)) continue;
    // "…?” Peterson said." — an attribution after a question or exclamation stays with it, even with
    // an apposition ("…?” Ana Ruiz, a nurse at the clinic, said.").
    // (The window is longer than the pattern can reach, so its end is the text's end only when it is.)
    if (skeleton[m.index! - 1] === '\uE001' && /[!?]/.test(skeleton[m.index!]!) && /^[^.\uE000]{0,160}?\b(?:said|says|asked|added|told|wrote|tweeted|testified)\b[^\uE000]{0,40}?(?:\.|$)/.test(skeleton.slice(end, end + 220))) continue;
    out.push(skeleton.slice(start, end).trim());
    start = end;
  }
  const last = skeleton.slice(start).trim();
  if (last) out.push(last);
  return out;
}

function clean(text: string): string {
  // (Called for every verb tried: most texts have neither a marker nor a run of spaces, and are kept.)
  const unmarked = text.includes(MARK) ? text.replace(/\uE000\d+\uE001/g, ' ') : text;
  return unmarked.includes('  ') || /[^\S ]/.test(unmarked) ? unmarked.replace(/\s+/g, ' ') : unmarked;
}

/** Where the run of trailing characters that pass `test` starts (a backward scan: an end-anchored regex retries from every position). */
function trailing(text: string, test: (ch: string) => boolean, end = text.length): number {
  while (end > 0 && test(text[end - 1]!)) end--;
  return end;
}

const isSpace = (ch: string) => /\s/.test(ch);
const DASH = /^(?:--|—|–)/;

/**
 * "Rice -- who is in Turkey for talks -- said": the aside from the first dash that opens one (" -- "
 * with no em or en dash inside it) up to the dash the text ends with becomes ", ". A scan: the regex
 * it replaces re-read the rest of the text from every dash and was quadratic in dashes.
 */
function withoutDashedAside(text: string): string {
  const end = trailing(text, isSpace);
  // Where the closing dash can start: "--" or an em or en dash right before the trailing spaces.
  const closings = [text.slice(end - 2, end) === '--' ? end - 2 : -1, /[—–]/.test(text[end - 1] ?? '') ? end - 1 : -1].filter((c) => c >= 0);
  if (closings.length === 0) return text;
  // The last em or en dash before each closing: the aside's words may not contain one.
  const lastDash = closings.map((c) => Math.max(text.lastIndexOf('—', c - 1), text.lastIndexOf('–', c - 1)));
  for (let p = 0; p < end; p++) {
    if (!isSpace(text[p]!)) continue;
    const dash = DASH.exec(text.slice(p + 1, p + 3))?.[0];
    if (!dash || !isSpace(text[p + 1 + dash.length] ?? '')) continue;
    const open = p + 2 + dash.length;
    if (closings.some((c, i) => open <= c && open > lastDash[i]!)) return `${text.slice(0, p)}, `;
  }
  return text;
}

/** Adverbs and auxiliaries between a subject and its verb: "Smith also said", "Jones had earlier told". */
const TRAILING_ADVERB = /^(?:also|later|earlier|then|previously|again|had|has|have|was|were|is|would|will|once|himself|herself|too|\w+ly)$/i;

/**
 * The text without the adverbs it ends with (and a comma after them), word by word from the end. One
 * regex for the whole run, `(?:\s+(?:…|recently|\w+ly))+$`, could match "recently" two ways and took
 * time exponential in the number of adverbs when the match failed.
 */
function withoutTrailingAdverbs(text: string): string {
  // `\s*,?\s*` after the last adverb.
  let end = trailing(text, isSpace);
  const comma = text[end - 1] === ',';
  if (comma) end = trailing(text, isSpace, end - 1);
  let cut = -1;
  for (;;) {
    let start = end;
    while (start > 0 && !isSpace(text[start - 1]!)) start--;
    // An adverb follows white space: the text's first word is never one.
    if (start === 0 || start === end || !TRAILING_ADVERB.test(text.slice(start, end))) break;
    end = trailing(text, isSpace, start);
    cut = end;
  }
  // "X, who was not authorized to speak publicly, said": an adverb before a comma is set off by
  // commas of its own (", too,") or ends an apposition, which stays for the comma to close.
  if (comma && cut >= 0 && text[cut - 1] !== ',') return text;
  return cut < 0 ? text : text.slice(0, cut);
}

/** "on Tuesday", "Monday night", "last week", "earlier this month" right before the verb. */
const TIME_TAIL = /\s+(?:(?:on|late|early)\s+)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?|(?:last|this|next|earlier this|later that)\s+(?:week|month|year|weekend|spring|summer|fall|autumn|winter)|(?:yesterday|today|tonight))\s*$/;

/** The text without a time expression it ends with: "President Maria Soto on Tuesday" (said). */
function withoutTimeTail(text: string): string {
  // Tested on the end only: an end-anchored pattern tried from every space of a long text is quadratic.
  const from = Math.max(0, text.length - 40);
  const m = TIME_TAIL.exec(text.slice(from));
  return m ? text.slice(0, from + m.index) : text;
}

/** The subject of a speech verb in `pre` (what comes before it in the clause). */
function subjectBefore(pre: string): Mention | null {
  // "Rice -- who is in Turkey for talks -- said": a dashed aside reads like one between commas.
  const trimmed = withoutTimeTail(withoutTrailingAdverbs(withoutDashedAside(clean(pre))));
  // "A spokesperson for the British Foreign Office reiterated": the unnamed spokesperson.
  const role = affiliatedRole(trimmed.trimEnd());
  if (role) return role;
  // A comma right before the verb closes an apposition: "Mr Hain, Leader of the Commons, told" /
  // "Laura Clark, 50, of Harlem, said": skip back to the name. Without one, the phrase next to the
  // verb is the subject ("Pressed on it, the mayor said").
  const apposed = /,\s*$/.test(trimmed);
  let text = trimmed.slice(0, trailing(trimmed, (ch) => /[,\s—–-]/.test(ch)));
  const segments = text.split(/,\s*/);
  while (apposed && segments.length > 1) {
    const seg = segments.at(-1)!.trim();
    const appositive =
      seg === '' ||
      /^(?:a|an|who|which|whose|\d+|of|from|in|at|with|for)\b/i.test(seg) ||
      PARTY_TAG.test(seg) ||
      /^the\s+\p{Ll}/u.test(seg) ||
      /^(?:the\s+)?\p{Lu}[\p{L}.]*[’']s\s+\p{Ll}/u.test(seg) || // "Pakistan's ambassador to ..."
 (/^\p{Ll}/u.test(seg) && !isPronoun(seg) && (!/\s\p{Lu}\S*$/u.test(seg) || /\s(?:of|at|for|in|with|from|on)\s/.test(seg))) || isTitleLed(seg);
    if (!appositive) break;
    segments.pop();
  }
  text = segments.at(-1)!.trim();
  // "In a post at the time she described": a pronoun right before the verb is the subject.
  const pronoun = /(?:^|\s)(he|she|they|it|we)$/i.exec(text);
  if (pronoun) return { kind: 'pronoun', word: pronoun[1]!.toLowerCase() };
  // Only the noun phrase right before the verb: stop at a clause word.
  const words = text.split(/\s+/);
  let from = words.length;
  // "Secretary of State", "High Commissioner for Human Rights".
  const office = (i: number) => (words[i] === 'of' || words[i] === 'for') && /^\p{Lu}/u.test(words[i - 1] ?? '') && /^\p{Lu}/u.test(words[i + 1] ?? '');
  while (from > 0 && (office(from - 1) || !/^(?:that|and|but|or|because|as|when|while|if|who|which|to|of|in|on|at|for|with|by|from|after|before|than|so|said|says|told)$/i.test(words[from - 1]!)) && words.length - from < 8) from--;
  const phrase = words.slice(from).join(' ');
  // "One headteacher in Essex": an unnamed person of a place, not the place.
  const placed = from >= 2 && from <= 4 && /^(?:in|from|at)$/.test(words[from - 1]!) && /^(?:a|an|one|another)$/i.test(words[0]!) ? parseNounPhrase(words.slice(0, from - 1).join(' ')) : null;
  if (placed?.kind === 'descriptor' && PERSON_NOUNS.has(placed.head)) return placed;
  return phrase ? parseNounPhrase(phrase) : null;
}

/** A legislator's party and state: "R-Iowa", "D-N.Y.", "I-Vt." */
const PARTY_TAG = /^(?:D|R|I|Ind|DFL)-\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?$/u;

function isTitleLed(segment: string): boolean {
  return /^(?:Leader|Head|Director|Chairman|Chairwoman|President|Chief|Secretary|Minister|Professor|Spokesman|Spokeswoman|Spokesperson|Member)\s+of\b/.test(segment);
}

/** `a report from Kotak Securities`, `a statement by the ministry`: the document's author. */
// (Studies and surveys too: "according to a 2018 survey by X" is X's.)
const DOCUMENT_BY = new RegExp(String.raw`^(?:a|an|the|in\s+a|in\s+an)\s+(?:[\w-]+\s+){0,2}(?:${[...DOCUMENT_NOUNS, 'survey', 'study', 'poll', 'analysis', 'review', 'audit', 'paper'].join('|')})\s+(?:from|by|of|issued by|signed by|released by|published by|conducted by)\s+`, 'i');

/**
 * The subject named after an inverted verb: `said Leif-Eric Easley, a professor`; with an unnamed
 * descriptor first, the name set beside it: `said another witness, former adviser Fiona Hill`.
 */
function subjectAfter(post: string): Mention | null {
  const first = nounPhraseAfter(post);
  if (first?.kind !== 'descriptor' || first.named) return first;
  const apposed = /^[^,;:]*,\s*([^,;:]+)/.exec(clean(post))?.[1];
  const name = apposed ? nounPhraseAfter(apposed) : null;
  return name?.kind === 'name' ? { ...name, descriptors: [...name.descriptors, first.head] } : first;
}

function nounPhraseAfter(post: string): Mention | null {
  const text = clean(post).trim();
  if (TIME_WORD.test(text)) return null;
  const authored = DOCUMENT_BY.exec(text);
  if (authored) return nounPhraseAfter(text.slice(authored[0].length));
  const role = affiliatedRole(text, true);
  if (role) return role;
  const first = text.split(/[,;:]|\s[—–-]+\s/)[0] ?? '';
  // Cut at a clause word: "said Patrol Chief James Hall with the police".
  const words = first.split(/\s+/);
  // "of" joins an office ("Secretary of State ...") but follows a name ("Jane Doe of Harvard").
  // (Counted once, not over the words before each "of": that was quadratic in a run of "of X".)
  const capitals: number[] = [0];
  const titled: boolean[] = [false];
  words.forEach((w, i) => {
    capitals.push(capitals[i]! + (/^\p{Lu}/u.test(w) ? 1 : 0));
    titled.push(titled[i]! || TITLES.has(w.toLowerCase().replace(/\.$/, '')));
  });
  const namedBefore = (i: number) => capitals[i]! >= 2 && !titled[i]!;
  // "of" inside an organisation's name stays: "the Alberta Department of Parks".
  const ofInName = (i: number) => /^\p{Lu}/u.test(words[i + 1] ?? '') && (!namedBefore(i) || GROUP_WORDS.test(words[i - 1]!));
  const end = words.findIndex((w, i) => i > 0 && /^(?:with|of|at|for|who|which|in|on|after|before|during|about|to|from|as|and|when|while|outside|inside)$/.test(w) && !(w === 'of' && ofInName(i)));
  const phrase = (end > 0 ? words.slice(0, end) : words).join(' ');
  if (/^(?:he|she|they|it)$/i.test(phrase)) return { kind: 'pronoun', word: phrase.toLowerCase() };
  return phrase ? parseNounPhrase(phrase) : null;
}

function subjectAtStart(pre: string): Mention | null {
  // `,” a spokesperson, Brig. Gen. Pat Ryder, told` / `,” Patrol Chief James Hall with the police said`
  const text = clean(pre).replace(/^[\s,—–-]+/, '').replace(/[\s,]+$/, '');
  const segments = text.split(/,\s*/).filter((s) => s.trim() !== '');
  if (segments.length === 0) return null;
  const firstMention = subjectAfter(segments[0]!);
  if (firstMention?.kind === 'descriptor' && !firstMention.named && segments[1]) {
    const apposed = subjectAfter(segments[1]);
    if (apposed?.kind === 'name') return { ...apposed, descriptors: [...apposed.descriptors, firstMention.head] };
  }
  return firstMention ?? subjectBefore(text);
}

function accordingTo(text: string): Mention | null {
  const m = /according to\s+(.*)$/i.exec(clean(text));
  return m ? subjectAfter(m[1]!) : null;
}

export interface Attribution {
  readonly mention: Mention | null;
  /** True when the clause has a speech verb, even if its subject could not be told. */
  readonly speech: boolean;
  /** The speech verb is before the quotation with another clause between: "X urged calm, and the city set up a “…”". */
  readonly distant?: boolean;
}

interface VerbHit {
  readonly 0: string;
  readonly index: number;
}

/**
 * How many speech verbs of one clause are tried for a subject. Each try reads the text before the
 * verb, so "said, said, said, …" was quadratic; newswire sentences have at most three or four.
 */
const VERBS_TRIED = 12;

/** Speech verbs that are nouns too: "hit back at Labour claims", "the calls". */
const NOUN_TOO = new Set(['claims', 'calls', 'reports', 'notes', 'states', 'tweets', 'posts', 'remarks', 'comments']);
/** Before such a word, what makes it the noun: a determiner or a preposition, perhaps with a name between. */
const NOUN_BEFORE = /\b(?:the|a|his|her|their|its|our|these|those|such|at|of|to|for|with|on|in|from|by|about|against|over)\s+(?:\p{Lu}[\p{L}'’.-]*\s+)?$/u;

/**
 * Participles that report what the main clause's subject said: "X weighed in, telling Y, “…”",
 * "X condemned the attack, saying “…”". Only after a comma or "and": "by saying" is a means.
 */
const PARTICIPLES = new Set(
  `saying adding telling noting writing explaining insisting warning arguing declaring stating asking urging
  claiming describing stressing acknowledging admitting recalling suggesting concluding quipping joking replying
  responding tweeting posting conceding complaining promising vowing pledging predicting cautioning emphasizing
  emphasising lamenting observing remarking boasting reminding assuring accusing demanding pleading testifying
  announcing confirming denying calling characterizing characterising`.split(/\s+/),
);
// (Or after a document: "issued a statement warning that “…”".)
const PARTICIPLE_BEFORE = /(?:,|\band|\bbefore|\bthen|statement|letter|memo|report|release|post|tweet|email)\s+$/;
/** The plain reporting verbs, whose "that" clause is what the subject said. */
const REPORTING = new Set('said says told tells added adds'.split(' '));
/** Two-word reporting verbs: "pointed out", "weighed in". */
const PHRASAL: Record<string, string> = { pointed: ' out', weighed: ' in', chimed: ' in', piped: ' up', went: ' on to say', spoke: ' of' };
/** Verbs whose next noun phrase is who is told, never an inverted subject: "X, 50, told reporters". */
const OBJECT_VERBS = new Set('told tells asked asks informed reminded reminds assured assures urged urges warned warns'.split(' '));
/** Verbs whose next noun phrase is what is described: "X, speaking on Friday, described United as “…”" is X's. */
const LABELLING_VERBS = new Set('described describes called calls labelled labeled labels branded brands dubbed dubs characterized characterised characterizes characterises termed'.split(' '));

/** What each word that may report speech is: a verb, "according", a participle, or the particle of a two-word verb. */
const WORD_KIND = new Map<string, string>([
  ...Object.entries(PHRASAL),
  ...[...PARTICIPLES].map((w): [string, string] => [w, 'participle']),
  ...[...VERB_SET].map((w): [string, string] => [w, 'verb']),
  ['according', 'according'],
]);

/** The subject of a participle: the main clause's ("Benioff weighed in, telling Cook" -> Benioff). */
function participleSubject(pre: string): Mention | null {
  const text = clean(pre).replace(/[\s,]+$/, '').replace(/\s+(?:and|then|before)$/, '').trim();
  // From the start of the clause the participle hangs on.
  const from = Math.max(text.lastIndexOf(MARK), text.lastIndexOf(';')) + 1;
  return openingSubject(text.slice(from).replace(/^[\s,.!?”"’—–-]+/, ''));
}

/** Who a speech verb found in a clause reports: its subject before, or after when inverted. */
function subjectOfVerb(verb: VerbHit, pre: string, post: string, inverted: boolean): Mention | null {
  if (PARTICIPLES.has(verb[0])) return participleSubject(pre);
  if (inverted && !OBJECT_VERBS.has(verb[0]) && !LABELLING_VERBS.has(verb[0])) {
    // "Ana Ruiz, a spokeswoman for Delta Freight, said the firm …": the clause opens with its subject.
    const before = subjectBefore(pre);
    if (before?.kind === 'name' && clean(pre).trimStart().startsWith(before.name.slice(0, before.name.indexOf(' ') >>> 0))) return before;
    return subjectAfter(post) ?? before;
  }
  return subjectBefore(pre);
}

/** Speech verbs (and "according to") in `text` with their positions, last first. A set lookup per word: a regex alternation of 100 verbs was the slowest part. */
function verbs(text: string): VerbHit[] {
  const hits: VerbHit[] = [];
  // "According to" opens a sentence now and then: found apart, so the scan stays on lower-case words.
  const capitalAccording = text.indexOf('According to');
  if (capitalAccording >= 0) hits.push({ 0: 'according to', index: capitalAccording });
  // (An exec loop: `matchAll` copies the pattern on every call, and this runs for every clause.)
  const word = /\b[a-z]+\b/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const kind = WORD_KIND.get(m[0]);
    if (kind === undefined) continue;
    if (kind === 'verb') {
      if (!(NOUN_TOO.has(m[0]) && NOUN_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index)))) hits.push({ 0: m[0], index: m.index });
    } else if (kind === 'according') {
      if (text.startsWith(' to', m.index + 9)) hits.push({ 0: 'according to', index: m.index });
    } else if (kind === 'participle') {
      if (PARTICIPLE_BEFORE.test(text.slice(Math.max(0, m.index - 8), m.index))) hits.push({ 0: m[0], index: m.index });
    } else if (text.startsWith(kind, m.index + m[0].length)) hits.push({ 0: m[0], index: m.index });
  }
  if (capitalAccording >= 0 && hits.length > 1) hits.sort((a, b) => a.index - b.index);
  return hits.reverse();
}

/**
 * The attribution for the quotation behind marker `index` inside one skeleton sentence: first an
 * attribution right after it (`,” X said`), then one before it in the same sentence (`X said: “`).
 * `markers` (from `sentenceMarkers`) and `at`, the marker's place among them, save finding them again.
 */
export function attributeInSentence(sentence: string, index: number, markers: readonly RegExpMatchArray[] = sentenceMarkers(sentence), at = markers.findIndex((m) => Number(m[1]) === index)): Attribution {
  const self = markers[at]!;
  const afterStart = self.index! + self[0].length;
  const afterEnd = markers[at + 1]?.index ?? sentence.length;
  const after = sentence.slice(afterStart, afterEnd);
  // After the quotation: it must end in a comma (or the clause opens with a comma or dash).
  const tail = sentence.slice(afterStart - 1, afterEnd);
  // (Both readings of the clause after the quotation want its verbs: found once.)
  let afterVerbs: VerbHit[] | undefined;
  const verbsAfter = () => (afterVerbs ??= verbs(after));
  if (/^[,!?]|^\uE001?\s*[,—–-]/.test(tail.slice(1)) || /^\uE001[,!?]/.test(tail) || /^\s+\p{Ll}/u.test(after)) {
    const clause = after;
    const verb = verbsAfter().at(-1);
    // ("… would ‘review the incident’ and a spokeswoman added: ‘…’": a new clause whose verb opens
    // the next quotation, not an attribution of this one.)
    const opensNext = verb !== undefined && /^\s*(?:and|but|while|as)\s/.test(after) && /^\s*:/.test(after.slice(verb.index + verb[0].length));
    if (verb && !opensNext && verb.index! < (/^\s+\p{Ll}/u.test(after) && !/^\uE001?[,!?]/.test(tail) ? 40 : 120)) {
      if (/^according to/.test(verb[0])) return { mention: accordingTo(clause.slice(verb.index)), speech: true };
      const pre = clause.slice(0, verb.index);
      const mention = PARTICIPLES.has(verb[0])
        ? participleSubject(pre)
        : /^[\s,!?—–-]*$/.test(clean(pre)) ? subjectAfter(clause.slice(verb.index! + verb[0].length)) : subjectAtStart(pre);
      if (mention) return { mention, speech: true };
    }
  }
  // "… “he was in charge” despite …, said another witness, Fiona Hill.": an inverted attribution
  // that ends the sentence covers a quotation inside it.
  if (at === markers.length - 1) {
    const verb = verbsAfter()[0];
    if (verb && verb[0] !== 'according to' && /,\s*$/.test(clean(after.slice(0, verb.index)))) {
      const mention = subjectAfter(after.slice(verb.index + verb[0].length));
      if (mention && mention.kind !== 'pronoun') return { mention, speech: true };
    }
  }
  // "“…” – Prime Minister Luis Abinader, in a post on X.": a name after a dash, no verb, signs it.
  // (The dash first: most quotations have none after them, and their verbs need not be found.)
  const signed = at === 0 ? /^[,.]?\s*[—–]\s*(\p{Lu}[^,.;:—–]*)/u.exec(after) : null;
  const signer = signed && verbsAfter().length === 0 && sentence.slice(0, self.index).trim() === '' ? parseNounPhrase(signed[1]!.trim()) : null;
  if (signer?.kind === 'name') return { mention: signer, speech: true };
  // Before the quotation, in the same sentence.
  const before = attributionBefore(sentence, markers, at, 0);
  if (before) return before;
  // Worked out only when asked: a whole-sentence scan for each of many quotations was quadratic.
  return {
    mention: null,
    get speech() {
      return verbs(clean(sentence)).length > 0;
    },
  };
}

/**
 * An attribution before quotation `at` in its sentence: a speech verb between it and the quotation
 * before; with none there, the verb before that one covers it too ("X said it was “A” and still
 * “B”"), a few quotations back at most.
 */
function attributionBefore(sentence: string, markers: readonly RegExpMatchArray[], at: number, hops: number): Attribution | null {
  const beforeStart = at > 0 ? markers[at - 1]!.index! + markers[at - 1]![0].length : 0;
  const before = sentence.slice(beforeStart, markers[at]!.index);
  let hits = verbs(before);
  // "Pompeo said that after review Washington had concluded … “…”": a verb inside the complement
  // of a reporting verb reports the outer speaker's words; the outer verb is tried first.
  const outer = hits.findLastIndex((v, i) => i > 0 && REPORTING.has(v[0]) && /^\s+(?:[a-z]+\s+){0,2}that\b/.test(before.slice(v.index + v[0].length, v.index + v[0].length + 40)));
  if (outer > 0) hits = [hits[outer]!, ...hits.slice(0, outer), ...hits.slice(outer + 1)];
  for (const verb of hits.slice(0, VERBS_TRIED)) {
    if (/^according to/.test(verb[0])) {
      const m = accordingTo(before.slice(verb.index));
      if (m) return { mention: m, speech: true };
      continue;
    }
    const pre = before.slice(0, verb.index);
    if (/\b(?:not|never|to|didn['’]t|doesn['’]t|won['’]t)\s+$/i.test(pre)) continue;
    const post = before.slice(verb.index! + verb[0].length);
    const inverted = /(?:,|^)\s*$/.test(clean(pre)) && !/^\s*(?:that|to)\b/.test(post);
    const mention = subjectOfVerb(verb, pre, post, inverted);
    if (mention) return { mention, speech: true, distant: /,\s+(?:and|but|while|as)\s|;/.test(post) };
  }
  // (Or a verb with no subject of its own: "… “A” and accused him of “B”".)
  const bareVerb = hits.length > 0 && /^[\s,]*(?:and|then|but)?\s*$/.test(clean(before.slice(0, hits.at(-1)!.index)));
  if ((hits.length === 0 || bareVerb) && at > 0 && hops < 3 && !/[;:]/.test(before)) {
    const earlier = attributionBefore(sentence, markers, at - 1, hops + 1);
    if (earlier) return { ...earlier, distant: earlier.distant || /,\s+(?:and|but|while|as)\s/.test(before) };
  }
  return null;
}

/**
 * The quotation markers of a skeleton sentence, in order: found once per sentence and handed to
 * `attributeInSentence` with each one's place, rather than found again for each quotation.
 */
export function sentenceMarkers(sentence: string): RegExpMatchArray[] {
  const found: RegExpMatchArray[] = [];
  // Markers look like \uE000<index>\uE001 followed by the quotation's closing punctuation. (A
  // literal and an exec loop: `matchAll` copies the pattern on every call.)
  const marker = /\uE000(\d+)\uE001/g;
  for (let m = marker.exec(sentence); m !== null; m = marker.exec(sentence)) found.push(m);
  return found;
}

/** "That was the message from X", "So says X": a sentence naming who spoke the quotation before it. */
const NAMES_SPEAKER_BEFORE = /^(?:(?:That|This|Those|These)(?:['’]s|\s+(?:is|was|are|were|has been))\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:message|view|verdict|warning|assessment|words?|advice|plea|promise|answer|response|reply|take|opinion|argument|thinking|feeling|sentiment|mood)\s+(?:of|from)|So\s+(?:says|said))\s+/;

/** Who a sentence such as "That was the message from X." names as the speaker of the quotation before it. */
export function speakerNamedAfter(sentence: string): Mention | null {
  const text = clean(sentence).trim();
  const m = text.startsWith('Th') || text.startsWith('So ') ? NAMES_SPEAKER_BEFORE.exec(text) : null;
  return m ? subjectAfter(text.slice(m[0].length)) : null;
}

/** Speakers in a sentence without a quotation ("Kremlin spokesperson Dmitry Peskov said ..."). */
export function speakerOfSentence(sentence: string): Mention | null {
  const text = clean(sentence);
  for (const verb of verbs(text).reverse().slice(0, VERBS_TRIED)) {
    if (/^according to/.test(verb[0])) return accordingTo(text.slice(verb.index));
    const pre = text.slice(0, verb.index);
    if (/\b(?:not|never|to|didn['’]t|doesn['’]t|won['’]t)\s+$/i.test(pre)) continue;
    const post = text.slice(verb.index! + verb[0].length);
    const inverted = /,\s*$/.test(pre) && !/^\s*(?:that|to)\b/.test(post);
    const mention = subjectOfVerb(verb, pre, post, inverted);
    if (mention) return mention;
  }
  return null;
}

/** A name set off by a comma at the start of a sentence, particles allowed ("But Pieter de Vries,"). */
// ("One patient, 67-year-old Derek from Sunderland, has waited": an age before, a home town after.)
const APPOSED_NAME = new RegExp(String.raw`^(?:(?:But|And|Then|Now|Still)\s+)?(?:\d+-year-old\s+)?((?:\p{Lu}[\p{L}'’.-]*\s+(?:${NAME_PARTICLE}\s+)?){0,3}\p{Lu}[\p{L}'’.-]*)(?:\s+from\s+\p{Lu}[\p{L}'’.-]*)?,\s`, 'u');

/** "The leader of the party, Ana Ruiz, said", "Ana Ruiz, head of research at X, said": the name. */
function apposedName(text: string): Mention | null {
  // (Or a possessive one: "Her husband, Ray Marsh, disagreed".)
  const comma = /^(?:[Tt]he|[Aa]n?|One|Another|Her|His|Their|Its|Our|My)\s/.test(text) ? text.indexOf(',') : -1;
  const rest = comma > 0 && comma <= 84 ? text.slice(comma + 1).trimStart() : text;
  const m = APPOSED_NAME.exec(rest);
  const name = m && parseNounPhrase(m[1]!);
  if (name?.kind !== 'name') return null;
  // (Or a surname with an honorific: "Mrs Hart, 81, lives alone".)
  if (name.name.includes(' ') || name.descriptors.some((d) => HONORIFICS.has(d))) return name;
  // "Her husband, Kwame, drives the van": a relative or a colleague named by first name alone.
  const kin = comma > 0 ? KIN_BEFORE.exec(text.slice(0, comma))?.[1] : undefined;
  return kin && (PERSON_NOUNS.has(kin) || KIN.has(kin)) ? { ...name, descriptors: [...name.descriptors, kin] } : null;
}

const HONORIFICS = new Set('mr mrs ms miss mx sir dame lord lady'.split(' '));

/** "Her husband", "his eldest daughter", "their friend": a possessive and a noun for a person. */
// (Or someone unnamed bar a first name: "One patient, Derek, …", "A resident, Amira, …".)
const KIN_BEFORE = /^(?:Her|His|Their|Our|My|One|Another|An?)\s+(?:\p{Ll}+\s+)?(\p{Ll}+)$/u;
const KIN = new Set('brother sister uncle aunt cousin grandson granddaughter grandmother grandfather nephew niece partner fiance fiancee friend colleague neighbour neighbor boyfriend girlfriend'.split(' '));

const FUNCTION_WORD_START = /^(?:The|A|An|In|On|At|It|Its|This|That|These|Those|He|She|They|We|I|As|If|When|While|After|Before|For|With|By|From|To|Of|There|Here|What|Why|How|His|Her|Their|Our|Some|Many|Most|All|No|Not|So|Yet|Or)(?:\s|$)/;
const OFFICE_ADJECTIVES = new Set('former longtime veteran senior then acting interim deputy assistant associate'.split(' '));

/**
 * A name led by words of office, some in lower case: "Wild defenseman Ryan Suter, who …",
 * "Health minister Ana Ruiz on Monday …". Null unless a lower-case word of office leads a full name.
 */
function titledName(text: string): Mention | null {
  // (Most sentences open with a function word: settled without splitting.)
  if (FUNCTION_WORD_START.test(text)) return null;
  const tokens = text.slice(0, 160).split(/\s+/, 9);
  let i = /^(?:But|And|Then|Now|Still)$/.test(tokens[0] ?? '') ? 1 : 0;
  let office = false;
  let end = -1;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    const word = token.replace(/,$/, '');
    if (/^\p{Lu}[\p{L}'’.-]*$/u.test(word)) end = i;
    else if (TITLES.has(word) || PERSON_NOUNS.has(word) || OFFICE_ADJECTIVES.has(word)) {
      if (end >= 0 || i === 0) office = true;
      end = -1;
    } else break;
    if (word !== token) break;
  }
  if (!office || end < 0) return null;
  const mention = parseNounPhrase(tokens.slice(0, end + 1).join(' ').replace(/,$/, ''));
  return mention?.kind === 'name' && mention.name.includes(' ') ? mention : null;
}

/** "The Obama administration", "the Acme company’s": capitalised words, a lower-case noun, an owner's "’s". */
const QUALIFIED_BODY = /^[Tt]he\s+((?:\p{Lu}[\p{L}.-]*\s+){1,3})(\p{Ll}+)([’']s)?\b/u;

const OPENING_ADVERBIAL = /^(?:On|In|At|After|Before|During|Since|Until|Last|Earlier|Later|This|Next|Late|Early|Meanwhile|However|Still|Afterward|Afterwards|Yesterday|Today)\b[^,“"\uE000]{0,40},\s+(?=\S)/;

/** The noun phrase a sentence opens with, when it is a name: "Abney arrived ..." */
export function openingSubject(sentence: string): Mention | null {
  const text = clean(sentence).trim();
  // "On Monday, Big Machine Records issued …": past a time or place phrase, the subject.
  const adverbial = OPENING_ADVERBIAL.exec(text);
  if (adverbial) return openingSubject(text.slice(adverbial[0].length));
  // "Her husband, Ray Marsh, disagreed": the name set beside the possessive's noun.
  const possessed = (text.startsWith('H') || text.startsWith('T')) && /^(?:Her|His|Their)\s+(?:\p{Ll}+\s+){0,2}\p{Ll}+,\s/u.test(text) ? apposedName(text) : null;
  if (possessed) return possessed;
  const pronoun = /^(?:(?:But|And|Then|Now|Still)\s+)?(he|she|they|his|her)\b/i.exec(text);
  if (pronoun) {
    const word = pronoun[1]!.toLowerCase();
    return { kind: 'pronoun', word: word === 'his' ? 'he' : word === 'her' ? 'she' : word };
  }
  const name = apposedName(text);
  if (name) return name;
  // ("The 31-year-old has now lost …": an age, an epithet for someone named.)
  const descriptor = /^(?:(?:But|And|Then|Now|Still)\s+)?the ((?:(?:\d+-year-old|\p{Ll}+)\s){0,2}(?:\d+-year-old|\p{Ll}+))\b/iu.exec(text);
  if (descriptor) {
    // The longest start that is a noun phrase: "the nurses union" of "the nurses union sent".
    const words = descriptor[1]!.split(' ');
    const capital = words.findIndex((w) => /^\p{Lu}/u.test(w));
    if (capital >= 0) words.length = capital;
    for (let n = words.length; n >= 1; n--) {
      const mention = parseNounPhrase(`the ${words.slice(0, n).join(' ')}`);
      if (mention) return mention;
    }
  }
  // "Ostrava’s foreign ministry rejected ...": an organisation introduced as a subject.
  const owned = /^((?:\p{Lu}[\p{L}.-]*\s+){0,3}\p{Lu}[\p{L}.-]*[’']s)((?:\s+\p{Ll}+){1,3})/u.exec(text);
  if (owned) {
    const lower = owned[2]!.trim().split(/\s+/);
    for (let n = lower.length; n >= 1; n--) {
      const mention = parseNounPhrase(`${owned[1]} ${lower.slice(0, n).join(' ')}`);
      if (mention?.kind === 'descriptor' && mention.named) return mention;
    }
  }
  const titled = titledName(text);
  if (titled) return titled;
  // "The Obama administration said": a name that qualifies a body is not the subject, the body is;
  // "The Obama administration’s first comments came …": nor is it when the body owns the subject.
  const qualified = text.startsWith('The ') || text.startsWith('the ') ? QUALIFIED_BODY.exec(text) : null;
  if (qualified && GROUP_NOUNS.has(qualified[2]!)) return qualified[3] ? null : parseNounPhrase(`${qualified[1]}${qualified[2]}`);
  // ("The Electoral Commission, which …, issued": an organisation named with "the".)
  const m = /^(?:(?:But|And|Then|Now|Still)\s+)?(?:[Tt]he\s+(?=\p{Lu}))?((?:\p{Lu}[\p{L}'’.-]*\s+){0,4}\p{Lu}[\p{L}'’.-]*),?\s+\p{Ll}/u.exec(text);
  if (!m) return null;
  const mention = parseNounPhrase(m[1]!);
  return mention?.kind === 'name' ? mention : null;
}
