// Who an article introduces, read from the whole text before any quotation is attributed: people
// in full ("Latasha Abney"), organisations after a descriptor ("state news agency KCNA"), and the
// acronyms it defines ("Customs and Border Protection (CBP)"). The speaker book resolves short forms
// against these.
import { GROUP_NOUNS, GROUP_WORDS, TITLES, withoutPlaceOf } from './names';

export const PERSON_NAME = /^\p{Lu}[\p{L}'’-]*\.?(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]+|de|da|van|von|bin|al|del|la|der|den|ten|ter|le|du|dos|di))+$/u;

/** A capitalised word of a name: "Ryan", "O’Neill", "Smith-Jones", "McKinnon", "DeLuca", or an initial. */
// ("O’Neill", "D'Souza": a capital, an apostrophe, a capitalised word.)
const NAME_WORD = String.raw`(?:\p{Lu}\.|(?:\p{Lu}['’](?=\p{Lu}))?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:['’-]\p{Lu}?\p{Ll}+)*)`;
/** Space between the words of a name, a line break at most (not a paragraph's end: "… Inishmore\n\nMaeve"). */
const NAME_GAP = String.raw`(?:[ \t\r\u00a0]+\n?[ \t]*|\n[ \t]*)`;
/** Lower-case particles inside a name: "Pieter de Vries", "Ursula von der Leyen". */
export const NAME_PARTICLE = String.raw`(?:de|van|von|der|den|ten|ter|al|bin|da|del|la|le|du|dos|di)`;
// (Not inside an abbreviation: the "C. Twitter" of "D.C. Twitter" is no one.)
const NAME_RUN = new RegExp(String.raw`(?<![\p{L}.])${NAME_WORD}(?:${NAME_GAP}(?:of\s+)?${NAME_WORD})+`, 'uy');
/** The same with particles inside: slower, so only for a text that has one before a capital. */
const NAME_RUN_WITH_PARTICLES = new RegExp(String.raw`(?<![\p{L}.])${NAME_WORD}(?:${NAME_GAP}(?:(?:of|${NAME_PARTICLE}(?:\s+${NAME_PARTICLE})?)\s+)?${NAME_WORD})+`, 'uy');
const PARTICLE_BEFORE_CAPITAL = new RegExp(String.raw` ${NAME_PARTICLE} [A-Z]`);

/** Capitalised words that open a sentence or clause and are not part of a name after them. */
const NOT_NAME_START = new Set(
  `The A An In On At But And When After Before If As For From With By To Despite Even While Yet Although Though
  Since Because Unlike Like Meanwhile However Still Also Then Now Only Until Under Over Among Without Within Why What
  How Where Who Asked Says Said This That These Those Last Next Dear Here There So Or Nor Not Both Many Some Most
  Every Each Former Its His Her Their Our My Thanks During Across Against Through Instead Perhaps`.split(/\s+/),
);

/**
 * The matches of a sticky name pattern, as `matchAll` would find them with the global one, tried
 * only where a capital may start one. A Unicode-property pattern tried at every position of a text
 * with curly quotes (stored two bytes a character) cost ten times as much as on plain ASCII.
 */
function* nameRuns(text: string, pattern: RegExp): Generator<RegExpExecArray> {
  // Where a capital may stand: an ASCII capital or any non-ASCII character but the dashes and
  // quotation marks (U+2010-U+201F), none of which is a letter. (Its own per call: it keeps its
  // place between yields.)
  const maybeCapital = /[A-Z\u0080-\u200F\u2020-\uFFFF]/g;
  for (let c = maybeCapital.exec(text); c !== null; c = maybeCapital.exec(text)) {
    pattern.lastIndex = c.index;
    const m = pattern.exec(text);
    if (m === null) continue;
    yield m;
    maybeCapital.lastIndex = m.index + m[0].length;
  }
}

/** "envoy to Peru Dana Whitcombe": a title's place or body ends right before the name. */
const TITLE_PREPOSITION = /(\p{Ll}+)\s+(?:to|for|of|at|in|from)\s+(?:the\s+)?$/u;

/** Full person names as written in the article ("Latasha Abney"), so a later "Abney" is that person. */
export function personNamesIn(text: string): string[] {
  return namesIn(text).people;
}

/**
 * The article's capitalised names: people in full, and the names that take "its" ("Goldman Sachs
 * raised its forecast"), which are organisations whatever they look like.
 */
export function namesIn(text: string): { people: string[]; organisations: Set<string> } {
  const names: string[] = [];
  const organisations = new Set<string>();
  // Capitalised runs, "of" allowed inside ("Secretary of State Condoleezza Rice"); a word like
  // "Low-lying" (lower case after a hyphen) is not part of a name.
  for (const m of nameRuns(text, PARTICLE_BEFORE_CAPITAL.test(text) ? NAME_RUN_WITH_PARTICLES : NAME_RUN)) {
    // "Commissioner for Human Rights", "Council on Foreign Relations": the tail of an office's or a body's name.
    if (TAIL_WORD_BEFORE.test(text.slice(Math.max(0, m.index - 5), m.index)) && NAME_TAIL_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    const whole = m[0].replace(/[’']s$/, '').split(/\s+/);
    // "Labour's Rachel Reeves", "Britain's Prince Harry": the name after the owner.
    const owner = m[0].includes('s ') ? whole.findLastIndex((w, i) => i < whole.length - 1 && /[’']s$/.test(w)) : -1;
    const run = owner >= 0 ? whole.slice(owner + 1) : whole;
    let last = -1;
    run.forEach((w, i) => {
      if (i === run.length - 1) return;
      const lower = w.toLowerCase().replace(/\.$/, '');
      // ("Secretary-General" too.)
      if (TITLES.has(lower) || NOT_NAME_START.has(w) || (lower.includes('-') && TITLES.has(lower.slice(0, lower.indexOf('-'))))) last = i;
    });
    // "Hosting Cook at the event ...": a sentence that opens with a verb form is not a name's start.
    if (last < 0 && run.length > 1 && isVerbForm(run[0]!) && SENTENCE_START.test(text.slice(Math.max(0, m.index - 3), m.index))) last = 0;
    // After "Secretary of State", the name is the last two words.
    if (run[last + 1] === 'of') last = run.length - 3;
    // After "the ambassador to", the name is the last two words too (or three with an initial).
    const before = run.length - last - 1 > 2 ? TITLE_PREPOSITION.exec(text.slice(Math.max(0, m.index - 40), m.index)) : null;
    if (before && TITLES.has(before[1]!)) last = /^\p{Lu}\.$/u.test(run.at(-2)!) ? run.length - 4 : run.length - 3;
    if (run.slice(last + 1).some((w) => /-\p{Ll}/u.test(w) && !/-\p{Lu}/u.test(w))) continue;
    const words = withoutPlaceOf(run.slice(last + 1));
    const name = words.join(' ');
    if (words.length < 2 || words.length - particles(words) > 4 || GROUP_WORDS.test(name) || TITLES.has(words.at(-1)!.toLowerCase())) continue;
    // A person is never "its".
    if (ITS_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 30))) organisations.add(name);
    else names.push(name);
  }
  return { people: names, organisations };
}

/** The lower-case particles of a name's words: "Luiz Inácio Lula da Silva" has four words of name. */
function particles(words: readonly string[]): number {
  return words.filter((w) => /^\p{Ll}/u.test(w)).length;
}

const TAIL_WORD_BEFORE = /(?:for|on|the) $/;
const NAME_TAIL_BEFORE = /[A-Z][\w.]*\s+(?:for|on)\s+(?:the\s+)?$/;

/** Just after the start of a text, a sentence or a quotation. */
const SENTENCE_START = /(?:^|[.!?:;“"‘(]\s*|[.!?]["”’]\s+|\n\s*)$/;
/** Capitalised names that end like a verb form. */
const NAMES_LIKE_VERBS = new Set('Sterling Channing Manning Irving Fleming Browning Harding Golding Redding Ewing Darling Bing Ming Ping King Ling Ted Fred Ned Jed Reed Red Ahmed Mohammed Muhammed Mahmoud'.split(' '));

/** "Hosting", "Asked", "Speaking": an -ing or -ed form, not a first name (bar the few that are). */
export function isVerbForm(word: string): boolean {
  return word.length >= 5 && /^\p{Lu}\p{Ll}+(?:ing|ed)$/u.test(word) && !NAMES_LIKE_VERBS.has(word);
}

/** A verb and "its", or "said it", right after a name: the name is an organisation's. */
const ITS_AFTER = /^\s+(?:[a-z]+\s+its\b|said\s+it\b)/;


// ("of", "for" and "on" inside the name: "group Doctors for Camp Closure", "campaign group Friends of the Earth".)
const GROUP_INTRODUCED = new RegExp(String.raw`\b(${[...GROUP_NOUNS].join('|')})\s+((?:\p{Lu}[\p{L}.&'’-]*)(?:\s+(?:(?:of|for|on|and)(?:\s+the)?\s+)?\p{Lu}[\p{L}.&'’-]*){0,4})`, 'gu');

/**
 * A name cut where a small word stops belonging to it: "and" joins two names ("Acme and Orbis")
 * unless it follows "of" or "for" inside one ("Centers for Disease Control and Prevention").
 */
function withinName(given: string): string {
  // ("Ofgem on Tuesday", "the Labour Party on Monday": a date, not a "Council on Foreign Relations".)
  const name = given.replace(/\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b.*$/, '');
  const and = name.indexOf(' and ');
  if (and < 0 || / (?:of|for) /.test(name.slice(0, and))) return name;
  // ("Food and Drug Administration": one word and a body's name, bar "Acme and Orbis Group".)
  const first = name.slice(0, and);
  return !first.includes(' ') && !GROUP_WORDS.test(first) && GROUP_WORDS.test(name.slice(name.lastIndexOf(' ') + 1)) ? name : first;
}

/** Organisations introduced with a descriptor ("state news agency KCNA"): later "the agency" is KCNA. */
export function groupsIn(text: string): { name: string; head: string }[] {
  const groups: { name: string; head: string }[] = [];
  for (const m of text.matchAll(GROUP_INTRODUCED)) {
    const name = withinName(m[2]!.split(/\.\s/)[0]!.replace(/[.’']+$/, ''));
    if (GROUP_NOUNS.has(m[1]!) && !PERSON_NAME.test(name)) groups.push({ name, head: m[1]! });
  }
  return groups;
}

/**
 * Acronyms an article defines, to the names they stand for: "Customs and Border Protection (CBP)"
 * makes a later "CBP said" that organisation. The words before the brackets whose initials spell it.
 */
export function acronymsIn(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(/\(([A-Z][A-Z&]{1,7})\)/g)) {
    const letters = m[1]!.replace(/&/g, '');
    const words = text.slice(Math.max(0, m.index - 100), m.index).trim().split(/\s+/).slice(-12);
    let initials = '';
    for (let i = words.length - 1; i >= 0 && initials.length < letters.length; i--) {
      const w = words[i]!;
      if (/^(?:of|for|and|the|on|in|&)$/.test(w)) continue;
      if (!/^\p{Lu}/u.test(w)) break;
      initials = w[0] + initials;
      if (initials === letters && !found.has(m[1]!)) found.set(m[1]!, words.slice(i).join(' '));
    }
  }
  // Undefined ones that spell a name the article gives in full: "the Institute for Fiscal Studies" … "the IFS".
  const used = new Set([...text.matchAll(/\b[A-Z]{2,6}\b/g)].map((m) => m[0]).filter((a) => !found.has(a)));
  if (used.size === 0) return found;
  const firsts = new Set([...used].map((a) => a[0]));
  for (const m of text.matchAll(LONG_NAME)) {
    if (!firsts.has(m[0][0]!)) continue;
    const initials = m[0].split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('');
    if (used.has(initials) && !found.has(initials)) found.set(initials, m[0]);
  }
  return found;
}

/** A capitalised name of two or more words, small words allowed inside: "Institute for Fiscal Studies". */
// (ASCII letters, as the acronyms: Unicode property classes made this the costliest pass.)
const LONG_NAME = /[A-Z][a-z][A-Za-z-]*(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][a-z][A-Za-z-]*)+/g;


const REPRESENTED = /\b(?:spokes(?:man|woman|person|people)|representatives?)\s+(?:for|at|of)\s+(?:the\s+)?(\p{Lu}[\p{L}&.'’-]*(?:\s+\p{Lu}[\p{L}&.'’-]*){0,4})/gu;

/** Organisations that have a spokesperson in the article ("a spokesperson for Tesla"), each once. */
export function representedIn(text: string): string[] {
  return [...new Set([...text.matchAll(REPRESENTED)].map((m) => m[1]!.replace(/[.’']+$/, '')))];
}


/** Nouns for a business or a group that an apposition gives an organisation: "Orbis Freight, a logistics firm". */
const ORGANISATION_NOUNS = 'company|firm|label|studio|carrier|airline|retailer|chain|maker|manufacturer|startup|start-up|publisher|broadcaster|insurer|lender|bank|group|charity|nonprofit|non-profit|organization|organisation|operator|supplier|conglomerate|subsidiary|utility|contractor|developer|distributor|producer|brand';
/** ", a Texas-based logistics firm that …": the apposition, its noun last (not "a company spokesman", "the firm's lawyer"). */
const ARTICLE_AFTER_COMMA = /,\s+(?:an?|the)\s+/g;
const ORGANISATION_NOUN_SET = new Set(ORGANISATION_NOUNS.split('|'));
const AFTER_ORGANISATION_NOUN = /^(?:[,.;:)]|\s+(?:that|which|based|owned|in|with|behind|whose|founded|run|headquartered|known|from|of|for)\b)/;

/** Whether the words after ", a" end in a noun for an organisation within four words ("Texas-based logistics firm,"). */
function apposesOrganisation(after: string): boolean {
  // (Words read in turn: a pattern with optional words before a list of nouns backtracked at every comma.)
  const word = /[\w-]+/y;
  for (let at = 0, n = 0; n < 4; n++) {
    word.lastIndex = at;
    const m = word.exec(after);
    if (m === null) return false;
    at = m.index + m[0].length;
    if (ORGANISATION_NOUN_SET.has(m[0]) && AFTER_ORGANISATION_NOUN.test(after.slice(at, at + 16))) return true;
    if (after[at] !== ' ') return false;
    at++;
  }
  return false;
}
/** "the group that owns most of her music, Big Machine,": a name set off by commas, then the noun before it. */
const APPOSED_NAME = /,\s+([A-Z][\w&'’.-]*(?:\s+(?:(?:of|for|and|the)\s+)?[A-Z][\w&'’.-]*){0,4}),/g;
const ORGANISATION_BEFORE = new RegExp(String.raw`\b(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){0,3}?(?:${ORGANISATION_NOUNS})(?:\s+(?:that|which)\s+[^,.;“”"]{1,80})?$`);
/** A capitalised name that ends a text, small words inside ("Friends of the Earth"). */
const NAME_AT_END = /(?:^|[^\w&'’.-])([A-Z][\w&'’.-]*(?:\s+(?:(?:of|for|and|the)\s+)?[A-Z][\w&'’.-]*){0,4})$/;
/** Capitalised runs, small words inside: "Campaign for Nuclear Disarmament", "Department of Health and Human Services". */
// (Within a paragraph: "… from Calder Industries" ending a headline does not run into the next.)
const CAPITAL_RUN = /\b[A-Z][\w&'’.-]*(?:(?:[^\S\n]+\n?|\n)[^\S\n]*(?:(?:of|for|and|on|the)\s+){0,2}[A-Z][\w&'’.-]*)*/y;
const CONNECTOR = /^(?:of|for|and|on|the)$/;

/**
 * Where the capitalised run that reaches `at` starts: back over capitalised words, and over up to
 * two small words between capitalised ones. (A backward scan: an end-anchored pattern retried from
 * every position of the window cost more than the rest of the organisation scan.)
 */
function runStart(text: string, at: number): number {
  let start = at;
  let pos = at;
  let small = 0;
  while (pos > 0 && at - pos < 80) {
    if (text[pos - 1] !== ' ') break;
    // (A word starts after a space or a line break: "…on Friday.\n\nAcme Corp said" starts at Acme.)
    const from = Math.max(text.lastIndexOf(' ', pos - 2), text.lastIndexOf('\n', pos - 2)) + 1;
    const word = text.slice(from, pos - 1);
    if (/^[A-Z]/.test(word) && /^[\w&'’.-]+$/.test(word)) {
      start = from;
      small = 0;
    } else if (CONNECTOR.test(word) && ++small <= 2) {
      // (Kept only if a capitalised word comes before it.)
    } else break;
    pos = from;
  }
  return start;
}
/** News outlets: named all the time as who was told ("told Reuters"), never "the company" of a story. */
const NEWS_OUTLET = /\b(?:News|Times|Post|Press|Reuters|Interfax|Journal|Telegraph|Guardian|Herald|Tribune|Gazette|Chronicle|Bloomberg|Variety|Magazine|Radio|Television|Broadcasting)\b|^(?:AP|AFP|BBC|CNN|NBC|CBS|ABC|Fox|NPR|PBS|ITV|Sky|Xinhua|Yonhap)\b/;

const GROUP_WORD_ALONE = new RegExp(`^(?:${GROUP_WORDS.source})$`);
const SINGLE_WORD_BODIES = new Set('Kremlin Pentagon Congress Senate Parliament Amtrak'.split(' '));

const TIME_START = /^(?:Later|Earlier|Today|Yesterday|Tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|on|in|of|for|and|the)$/;

/** Sentence-opening words and titles cut from a name's run ("But Acme Corp", "House Speaker Ana Ruiz"). */
function organisationName(run: string): string | null {
  // (Not past a full stop: "the Soviet Union. Shamir".)
  const words = run.split(/(?<=[a-z]{2})\.\s/)[0]!.replace(/[’']s$|[.’']+$/, '').split(/\s+/);
  // ("Later on Monday Brenmoor Capital": a time before the name is not part of it.)
  while (words.length > 1 && (NOT_NAME_START.has(words[0]!) || TIME_START.test(words[0]!))) words.shift();
  // "Health Department Director Ana Ruiz": the body before the title.
  const title = words.findIndex((w, i) => i > 0 && TITLES.has(w.toLowerCase().replace(/\.$/, '')) && GROUP_WORDS.test(words.slice(0, i).join(' ')));
  if (title > 0) words.length = title;
  while (words.length > 1 && /^(?:of|for|and|on|the)$/.test(words.at(-1)!)) words.pop();
  const name = withinName(words.join(' '));
  return NOT_NAME_START.has(name) || NEWS_OUTLET.test(name) ? null : name;
}

/** Names with a word such as Department, Campaign or Records, wherever the article gives them. */
export function organisationNamesIn(text: string): string[] {
  const names = new Set<string>();
  // From each word such as "Department" out to the capitalised run around it. (Capitalised words
  // found first and tested alone: the list of such words tried at every position cost more.)
  const word = /\b[A-Z][A-Za-z]+\b/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    if (!GROUP_WORD_ALONE.test(m[0])) continue;
    const start = runStart(text, m.index);
    CAPITAL_RUN.lastIndex = start;
    const run = CAPITAL_RUN.exec(text);
    if (run === null) continue;
    word.lastIndex = Math.max(word.lastIndex, run.index + run[0].length);
    const name = organisationName(run[0]);
    // (One word is a common noun set in capitals, "Party plans:", bar a few bodies named so.)
    if (name && GROUP_WORDS.test(name) && (name.includes(' ') || SINGLE_WORD_BODIES.has(name))) names.add(name);
  }
  return [...names];
}

/** Names an apposition calls a company or a group: organisations, though they look like a person's. */
export function apposedOrganisationsIn(text: string): Set<string> {
  const apposed = new Set<string>();
  for (const m of text.matchAll(ARTICLE_AFTER_COMMA)) {
    if (!apposesOrganisation(text.slice(m.index + m[0].length, m.index + m[0].length + 80))) continue;
    const run = NAME_AT_END.exec(text.slice(Math.max(0, m.index - 80), m.index))?.[1];
    const name = run ? organisationName(run) : null;
    if (name) apposed.add(name);
  }
  for (const m of text.matchAll(APPOSED_NAME)) {
    // (A list of names, "Braun, Borchetta and …", has a name before the comma, not a noun or a clause.)
    if (/[A-Z][\w.]*$/.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    if (!ORGANISATION_BEFORE.test(text.slice(Math.max(0, m.index - 130), m.index))) continue;
    const name = organisationName(m[1]!);
    if (name) apposed.add(name);
  }
  return apposed;
}
