// Noun phrases that name a speaker: "Brig. Gen. Pat Ryder" -> Pat Ryder, "state news agency KCNA" ->
// KCNA (also "the agency"), "The South Korean defense ministry" -> South Korean defense ministry.

/** Words that come before a name and are not part of it. Lower case, no dots. */
export const TITLES = new Set(
  `mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister secretary sen senator
  rep representative congressman congresswoman gov governor lt mayor judge justice gen general col colonel
  maj major capt captain sgt sergeant brig adm admiral cmdr commander chief sheriff officer detective det insp
  inspector supt superintendent pope father rev reverend rabbi imam king queen prince princess chancellor
  ambassador attorney deputy spokesman spokeswoman spokesperson coach manager director chairman
  chairwoman chair ceo founder administrator commissioner councilman councilwoman alderman lieutenant
  corporal pvt cpl former acting interim trooper chairperson president-elect premier speaker leader
  executive counsel member members councilmember
  substitute striker forward defender midfielder goalkeeper keeper quarterback pitcher rookie veteran teammate
  defenseman defenceman winger goaltender goalie linebacker receiver cornerback shortstop catcher outfielder
  infielder reliever batsman bowler wicketkeeper fullback halfback
  captain skipper driver rider champion star actor actress singer author artist chef owner resident farmer
  teacher student nurse doctor reporter analyst economist researcher scientist curator historian
  activist organizer organiser pastor priest bishop cardinal survivor witness victim neighbor neighbour
  lawyer solicitor barrister prosecutor strategist consultant pollster adviser advisor diplomat envoy lawmaker
  journalist editor columnist correspondent commentator physician surgeon epidemiologist virologist psychologist
  photographer banker investor trainer auditor comptroller controller treasurer assessor coroner clerk registrar ombudsman
  emissary consul delegate negotiator regulator warden ranger marshal constable magistrate magistrates`.split(/\s+/),
);

/** Lower-case head nouns of organisations and groups that speak ("the ministry said"). */
export const GROUP_NOUNS = new Set(
  `ministry department agency office government council committee company firm police military army navy
  embassy commission court board group organisation organization union party administration campaign
  authorities officials researchers experts scientists analysts residents witnesses team club league
  service bureau institute university hospital network station newspaper airline bank prosecutors
  investigators regulator regulators spokespeople organizers organisers report lawmakers leaders
  protesters supporters critics officers doctors survey study authority agencies ministries companies
  firm utility district commission council coalition alliance association federation foundation
  institute center centre college school charity trust society church`.split(/\s+/),
);

/** Kinds of business that speak ("the carmaker said"); apart, as `GROUP_NOUNS` makes a pattern read over every article. */
const BUSINESS_NOUNS = new Set('carmaker automaker retailer supermarket chain lender insurer broadcaster publisher manufacturer carrier supplier conglomerate startup'.split(' '));

/** A head noun for a group: "ministry", "officials", or the plural of a person noun ("nurses", "teachers"). */
export function isGroupHead(head: string): boolean {
  return GROUP_NOUNS.has(head) || BUSINESS_NOUNS.has(head) || isPeople(head);
}

/** The plural of a noun for one person: "nurses", "protesters", "officials". */
export function isPeople(head: string): boolean {
  return head.length > 3 && head.endsWith('s') && PERSON_NOUNS.has(head.slice(0, -1));
}

/** Lower-case nouns for one person ("the former general said", "the mayor said"). */
export const PERSON_NOUNS = new Set(
  `man woman boy girl mother father wife husband son daughter official spokesman spokeswoman spokesperson
  general mayor governor senator minister president professor lawyer attorney judge coach player driver
  doctor nurse teacher resident witness owner manager director chief officer economist analyst researcher
  scientist expert activist leader pastor priest student victim farmer fisherman worker executive
  founder author singer actor actress star veteran inmate prisoner detainee patient parent voter shopper
  commuter passenger fan customer employee staffer aide source insider diplomat investigator engineer
  developer volunteer protester demonstrator survivor neighbor neighbour shopkeeper pilot soldier
  refugee migrant tenant landlord homeowner retiree entrepreneur consultant adviser advisor strategist
  lawmaker legislator councillor councilor negotiator mediator donor supporter critic opponent representative
  physician surgeon medic clinician paramedic pharmacist dentist midwife psychologist psychiatrist therapist
  epidemiologist virologist immunologist pediatrician paediatrician attorney prosecutor solicitor barrister
  detective sheriff trooper firefighter ranger academic lecturer historian journalist reporter editor
  photographer banker trader investor broker lobbyist campaigner organizer organiser advocate specialist
  biologist ecologist geologist meteorologist forecaster statistician pollster economist chairman chairwoman
  commissioner auditor accountant architect engineer planner educator principal headteacher
  politician candidate nominee legislator senator congressman congresswoman ambassador envoy secretary chancellor
  pensioner grandmother grandfather grandparent mum dad`.split(/\s+/),
);

/**
 * Person nouns that copy uses for one another: "Dr. Ana Ruiz" is "the physician" later, the doctors'
 * group "the physicians", an attorney "the lawyer". Each word to the others of its ring.
 */
const ROLE_RINGS = `doctor physician medic clinician|lawyer attorney counsel solicitor barrister|spokesman spokeswoman spokesperson
  teacher educator|worker employee staffer|professor academic lecturer|reporter journalist correspondent|lawmaker legislator|judge justice`;
const ROLE_SYNONYMS = new Map<string, readonly string[]>(
  ROLE_RINGS.split('|').flatMap((ring) => {
    const words = ring.trim().split(/\s+/);
    return words.map((w): [string, readonly string[]] => [w, words.filter((o) => o !== w)]);
  }),
);

/** The other nouns for the same role: "physician" -> doctor, medic, clinician; plurals to plurals. */
export function roleSynonyms(head: string): readonly string[] {
  const one = ROLE_SYNONYMS.get(head);
  if (one) return one;
  const many = head.endsWith('s') ? ROLE_SYNONYMS.get(head.slice(0, -1)) : undefined;
  return many ? many.map((w) => `${w}s`) : [];
}

/** Capitalised words in an organisation's name: "Department" in "Department of Conservation". */
export const GROUP_WORDS =
  /\b(?:Department|Ministry|Agency|House|Council|Office|Kremlin|Pentagon|Police|Party|Bank|Court|University|College|School|News|Times|Post|Press|Airlines?|Airport|Association|Institute|Cent(?:er|re)s?|Campaign|Service|Committee|Commission|Company|Corporation|Inc|Corp|Ltd|LLC|Group|Union|Administration|Foundation|Network|Authority|Board|Bureau|Church|Coalition|Club|Federation|Organization|Organisation|Government|Reuters|Interfax|Amtrak|Records|Productions|Studios|Entertainment|Media|Holdings|Partners|Capital|Technologies|Systems|Motors|Pharmaceuticals|Equities|Securities|Insurance|Energy|Industries|Fund|Trust|League|Alliance|Society|Hospital|Clinic|Army|Navy|Guard|Command|Assembly|Parliament|Senate|Congress|Secretariat|Tribunal|Registry|Laboratory|Labs)\b/;

/** Documents that "say" things: their words are their author's ("the statement said"). */
export const DOCUMENT_NOUNS = new Set(
  `statement statements letter memo memorandum email e-mail filing complaint lawsuit release note message notice
  document affidavit petition motion brief report post tweet advisory guidance order ruling indictment
  transcript essay column op-ed book manifesto directive communique declaration`.split(/\s+/),
);

/**
 * "Marla Quint of Oregon" -> "Marla Quint": "of" after a two-word name brings in a place or an
 * employer. Not in an organisation's name ("New Zealand Department of Conservation").
 */
export function withoutPlaceOf(words: readonly string[]): readonly string[] {
  const of = words.indexOf('of');
  if (of < 2 || GROUP_WORDS.test(words.slice(0, of).join(' '))) return words;
  return words.slice(0, of);
}

/**
 * Whether `short` is a shorter way to write the person `full`: their surname ("Tane"), first and
 * last name without a middle one ("Kahu Tane"), or the first names without the surname ("Kahu Wiremu").
 */
export function isShortFormOf(short: string, full: string): boolean {
  if (short === full) return true;
  // Most pairs share neither the first nor the last word: settled without splitting.
  const space = short.indexOf(' ');
  if (space < 0) return full.endsWith(` ${short}`);
  // "Van Dijk", "Lula da Silva": the end of a name with a particle ("Virgil van Dijk", "Luiz Inácio
  // Lula da Silva"), the particle capitalised at a sentence's start.
  // (The ends compared first: the particle test is a Unicode pattern.)
  if (full.length > short.length && full.endsWith(short.slice(1)) && full[full.length - short.length - 1] === ' ' && full[full.length - short.length]!.toLowerCase() === short[0]!.toLowerCase() && PARTICLE_INSIDE.test(full)) return true;
  if (!full.startsWith(short.slice(0, space + 1))) return false;
  const s = short.split(' ');
  const f = full.split(' ');
  if (s.length >= f.length) return false;
  return s[0] === f[0] && (s.at(-1) === f.at(-1) || s.every((w, i) => w === f[i]));
}

const CONNECTORS = new Set(['of', 'de', 'da', 'del', 'der', 'den', 'ten', 'ter', 'van', 'von', 'bin', 'al', 'la', 'le', 'du', 'dos', 'di']);
const PRONOUN = /^(?:he|she|they|it|we|i)$/i;
/** Letters after a name: honours, silk, a seat. */
const POST_NOMINAL = /^(?:KC|QC|SC|MP|MSP|MEP|TD|OBE|MBE|CBE|KBE|DBE)$/;
/** A lower-case particle between the words of a person's name. */
const PARTICLE_INSIDE = / (?:de|da|del|der|den|ten|ter|van|von|bin|al|la|le|du|dos|di) \p{Lu}/u;

export type Mention =
  | { readonly kind: 'pronoun'; readonly word: string }
  | { readonly kind: 'name'; readonly name: string; readonly descriptors: readonly string[] }
  /**
   * A lower-case phrase: "the ministry", "the former general", "South Korean defense ministry";
   * `of`, for someone speaking for another: the "the singer" of "a representative for the singer";
   * for a document, whose it is: the "his" of "his letter", the "judge" of "the judge’s order".
   */
  | { readonly kind: 'descriptor'; readonly phrase: string; readonly head: string; readonly named: boolean; readonly definite: boolean; readonly of?: Mention };

const CLOSING_MARKS = new Set([')', '”', '"', ']', ',', ';', ':', '!', '?']);

function bare(token: string): string {
  const opened = token.replace(/^[(“"‘\[]+/, '');
  // Closing marks trimmed by a backward scan: `[)”"…]+$` retried from every mark of a long run.
  let end = opened.length;
  while (end > 0 && CLOSING_MARKS.has(opened[end - 1]!)) end--;
  const t = opened.slice(0, end);
  // Keep the dots of initials and "U.S."; drop a full stop.
  return /\.$/.test(t) && !/^(?:\p{Lu}\.)+$/u.test(t) ? t.slice(0, -1) : t;
}

export function isCapitalised(token: string): boolean {
  return /^\p{Lu}/u.test(token);
}

function isTitle(token: string): boolean {
  const word = token.toLowerCase().replace(/\.$/, '');
  // "Secretary-General", "Attorney-General", "Editor-in-Chief".
  return TITLES.has(word) || (word.includes('-') && TITLES.has(word.slice(0, word.indexOf('-'))));
}

/** "Brevard County Sheriff Wayne Ivey" -> ["Brevard", "County", "Sheriff"] and "Wayne Ivey". */
function splitTitles(run: string[]): { name: string[]; titles: string[] } {
  // "Justice Department", "Police Service": an organisation, whatever words of office it has. (But
  // "Sara Lind of Leerink Partners" is a person of an organisation: two or three words of a name
  // before "of", none of them a title or an organisation's word.)
  if (GROUP_WORDS.test(run.at(-1)!)) {
    const of = run.indexOf('of');
    const before = of >= 2 && of <= 3 ? run.slice(0, of) : [];
    if (before.length === 0 || GROUP_WORDS.test(before.join(' ')) || before.some((w) => isTitle(w) || !/^\p{Lu}\p{Ll}/u.test(w)) || run[0] === 'The') {
      return { name: run[0] === 'The' ? run.slice(1) : run, titles: [] };
    }
    return { name: before, titles: [] };
  }
  let last = -1;
  for (let i = 0; i < run.length - 1; i++) if (isTitle(run[i]!)) last = i;
  let name = run.slice(last + 1);
  // "Secretary of State Antony Blinken": the office runs on after "of"; the name is its last words.
  // With two words or fewer after "of"/"for", there is no name: "High Commissioner for Human Rights"
  // is the office itself, which speaks as such.
  if (last >= 0 && (name[0] === 'of' || name[0] === 'for') && name.length <= 3) return { name: run[0] === 'The' ? run.slice(1) : run, titles: [] };
  if (last >= 0 && CONNECTORS.has(name[0] ?? '') && name.length > 2) name = name.slice(-2);
  const titles = run.slice(0, run.length - name.length);
  return { name: [...withoutPlaceOf(name)], titles };
}

export function cleanName(words: string[]): string {
  return words.join(' ').replace(/[’']s?$/, '').replace(/,$/, '');
}

/**
 * Parses one noun phrase (no commas inside): the last capitalised run is the name, lower-case words
 * before it describe it; a phrase ending in a lower-case noun is a descriptor or an organisation.
 */
export function parseNounPhrase(given: string): Mention | null {
  // "The British Medical Association (BMA)": the name without the acronym it defines.
  const phrase = given.includes('(') ? given.replace(/\s+\([A-Z][A-Z&.]{1,9}\)(?=\s|$)/g, '') : given;
  let tokens = phrase.trim().split(/\s+/).map(bare).filter(Boolean);
  if (tokens.length === 0) return null;
  if (tokens.length === 1 && PRONOUN.test(tokens[0]!)) return { kind: 'pronoun', word: tokens[0]!.toLowerCase() };
  // "American Airlines' Kent Powell": what follows a possessive is the phrase.
  const possessive = tokens.findLastIndex((t, i) => i < tokens.length - 1 && /[’']s?$/.test(t) && /\p{Lu}/u.test(t) && isCapitalised(tokens[i + 1]!));
  if (possessive >= 0) tokens = tokens.slice(possessive + 1);
  // "the official" may be someone named before; "an official", "one official" is someone new.
  // ("Some nurses" are no one in particular either.)
  const definite = !/^(?:a|an|one|another)$/i.test(tokens[0] ?? '') && !(/^some$/i.test(tokens[0] ?? '') && isPeople(tokens.at(-1)!.toLowerCase()));
  const the = /^the$/i.test(tokens[0]!) || /^(?:but|and|then|now|still)$/i.test(tokens[0]!) && /^the$/i.test(tokens[1] ?? '');
  // Sentence-opening function words are not part of a name.
  while (tokens.length > 1 && /^(?:the|a|an|one|another|some|but|and|so|then|now|still|yet|meanwhile|also)$/i.test(tokens[0]!)) tokens.shift();
  // "the Dutchman", "the 34-year-old", "the former Democrat": someone named before, not a name.
  // ("the Texas Republican", "the New York Democrat": a state before a party.)
  // ("the world No 1", "the British number one": a ranking.)
  if (the && tokens.length <= 4 && /^(?:number|no\.?)$/i.test(tokens.at(-2) ?? '') && /^(?:one|two|three|\d{1,3})$/i.test(tokens.at(-1)!)) {
    return { kind: 'descriptor', phrase: tokens.join(' ').toLowerCase(), head: 'ranked', named: false, definite: true };
  }
  const party = /^(?:Democrat|Republican)$/.test(tokens.at(-1)!);
  // ("the Northern Irishman", "the South Korean".)
  const compass = (t: string) => /^(?:North|South|East|West|Northern|Southern|Eastern|Western)$/.test(t);
  if (the && tokens.length <= 3 && isEpithet(tokens.at(-1)!.toLowerCase()) && tokens.slice(0, -1).every((t) => /^\p{Ll}/u.test(t) || party || compass(t))) {
    const phrase = tokens.join(' ').toLowerCase();
    return { kind: 'descriptor', phrase, head: tokens.at(-1)!.toLowerCase(), named: false, definite: true };
  }
  // "Helen Marsh KC", "Ana Ruiz MP": letters after a name are not part of it.
  if (tokens.length > 2 && POST_NOMINAL.test(tokens.at(-1)!) && /^\p{Lu}\p{Ll}/u.test(tokens.at(-2)!)) tokens = tokens.slice(0, -1);
  const last = tokens.at(-1)!;
  if (isCapitalised(last)) {
    let start = tokens.length - 1;
    while (start > 0) {
      const prev = tokens[start - 1]!;
      // ("and" inside a body's name: "the Food and Drug Administration".)
      const and = prev === 'and' && GROUP_WORDS.test(last) && start === tokens.length - 2;
      if (isCapitalised(prev) || ((CONNECTORS.has(prev) || prev === 'for' || and) && start - 2 >= 0 && isCapitalised(tokens[start - 2]!))) start--;
      // Two particles: "Ursula von der Leyen".
      else if (CONNECTORS.has(prev) && prev !== 'of' && CONNECTORS.has(tokens[start - 2] ?? '') && start - 3 >= 0 && isCapitalised(tokens[start - 3]!)) start -= 2;
      else break;
    }
    const run = tokens.slice(start);
    // "the Prime Minister", "the Chief Justice": an office, no name; a descriptor such as "the minister".
    if (run.length > 1 && run.every((t) => isTitle(t)) && !GROUP_WORDS.test(run.at(-1)!)) {
      const title = run.at(-1)!.toLowerCase().replace(/\.$/, '');
      return { kind: 'descriptor', phrase: run.join(' ').toLowerCase(), head: title, named: false, definite };
    }
    const { name, titles } = splitTitles(run);
    if (name.length === 1 && /^(?:Officials|Experts|Police|Analysts|Residents|Authorities|Witnesses|Researchers|Scientists|Critics|Organizers|Prosecutors)$/.test(name[0]!)) {
      return { kind: 'descriptor', phrase: name[0]!.toLowerCase(), head: name[0]!.toLowerCase(), named: false, definite: true };
    }
    // "Nurses chanted": a bare plural opening a sentence is a crowd, no one in particular.
    if (name.length === 1 && run.length === 1 && isPeople(name[0]!.toLowerCase())) {
      return { kind: 'descriptor', phrase: name[0]!.toLowerCase(), head: name[0]!.toLowerCase(), named: false, definite: false };
    }
    const descriptors = [...tokens.slice(Math.max(0, start - 3), start).filter((t) => /^\p{Ll}/u.test(t) && !/^(?:the|a|an|and|of|for)$/.test(t)), ...titles].map((t) => t.toLowerCase().replace(/\.$/, ''));
    const cleaned = cleanName(name);
    // "E! News" is not someone called E.
    if (/^\p{Lu}\.?$/u.test(cleaned)) return null;
    return { kind: 'name', name: cleaned, descriptors };
  }
  // Lower-case head: "the ministry", "the former general", "South Korean defense ministry", "U.S. officials".
  if (last === 'rep' || last === 'reps') tokens[tokens.length - 1] = last === 'rep' ? 'representative' : 'representatives';
  const head = tokens.at(-1)!.toLowerCase();
  if (!isGroupHead(head) && !PERSON_NOUNS.has(head) && !DOCUMENT_NOUNS.has(head)) return null;
  let start = tokens.length - 1;
  let lower = 1;
  while (start > 0 && !/^(?:the|a|an|his|her|its|their|our|this|that)$/i.test(tokens[start - 1]!)) {
    const prev = tokens[start - 1]!;
    if (/^\p{Ll}/u.test(prev) && ++lower > 4) break;
    start--;
  }
  const words = tokens.slice(start);
  // "Russia's foreign ministry" is the Russian foreign ministry.
  const owner = /^(\p{Lu}[\p{L}.]*)[’']s$/u.exec(words[0] ?? '');
  if (owner && words.length > 1 && DEMONYMS[owner[1]!]) words[0] = DEMONYMS[owner[1]!]!;
  const named = words.some((w) => isCapitalised(w));
  // "his letter", "the judge’s order": a document whose owner is someone spoken of.
  const whose = DOCUMENT_NOUNS.has(head) ? documentOwner(tokens[start - 1], words) : undefined;
  if (whose) return { kind: 'descriptor', phrase: words.join(' '), head, named, definite: true, of: whose };
  return { kind: 'descriptor', phrase: words.join(' '), head, named, definite };
}

/** Who owns a document: "his" (letter), "the judge’s" (order), "the ministry’s" (statement). */
function documentOwner(before: string | undefined, words: readonly string[]): Mention | undefined {
  const pronoun = /^(his|her|their|its)$/i.exec(before ?? '')?.[1]?.toLowerCase();
  if (pronoun) return { kind: 'pronoun', word: pronoun === 'his' ? 'he' : pronoun === 'her' ? 'she' : pronoun === 'its' ? 'it' : 'they' };
  const noun = /^(\p{Ll}+)[’']s$/u.exec(words[0] ?? '')?.[1];
  if (noun && words.length === 2 && (PERSON_NOUNS.has(noun) || GROUP_NOUNS.has(noun))) return { kind: 'descriptor', phrase: noun, head: noun, named: false, definite: true };
  return undefined;
}

/** Roles of people who speak for someone without being named. */
export const ANONYMOUS_ROLES = new Set('official spokesman spokeswoman spokesperson source insider aide staffer employee investigator diplomat officer representative'.split(' '));
/** Who may speak for someone unnamed, "X spokesman (unnamed)", "Levi friend (unnamed)": the anonymous roles and those close to them. */
export const AFFILIATED_ROLES = new Set([...ANONYMOUS_ROLES, ...'friend relative lawyer attorney solicitor colleague neighbour neighbor'.split(' ')]);

// (And those close to someone: "a friend of Levi", "a lawyer for the family", "a source close to the prince".)
const ROLE = String.raw`(spokes(?:man|woman|person)|official|source|insider|aide|representative|rep|staffer|employee|friend|relative|lawyer|attorney|solicitor|colleague|neighbou?r)`;
const AFFILIATION = String.raw`\s+(?:for|at|of|with|from|in|close\s+to)\s+(?:the\s+)?(\p{Lu}[\p{L}&.'’-]*(?:\s+(?:(?:of|for|and|on)\s+)?\p{Lu}[\p{L}&.'’-]*){0,5})`;
const ROLE_WORD = /spokes|official|source|insider|aide|rep|staffer|employee|friend|relative|lawyer|attorney|solicitor|colleague|neighbo/;
const ROLE_FOR_AT_END = new RegExp(String.raw`(?:^|\s)([Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+((?:[a-z-]+\s+){0,2})${ROLE}${AFFILIATION}$`, 'u');
const ROLE_FOR_AT_START = new RegExp(String.raw`^([Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+((?:[a-z-]+\s+){0,2})${ROLE}${AFFILIATION}`, 'u');

/**
 * "a spokesperson for the British Foreign Office" (at the end of `text`, or at its start when
 * `atStart`): an unnamed person speaking for an organisation, as "British Foreign Office spokesperson".
 */
export function affiliatedRole(text: string, atStart = false): Mention | null {
  // (A window: an end-anchored pattern tried from every position of a long text is quadratic.)
  const window = atStart ? text.slice(0, 160) : text.slice(-160);
  // (Most texts name no such role: a plain test first, as the full pattern is tried from every position.)
  if (!ROLE_WORD.test(window)) return null;
  const m = atStart ? ROLE_FOR_AT_START.exec(window) : ROLE_FOR_AT_END.exec(window);
  if (!m) return roleForDescribed(window, atStart);
  // "Ana Ruiz, a spokeswoman for Delta Freight, said": an apposition; the name before it speaks.
  if (!atStart && /\p{Lu}[\p{L}.'’-]*,\s*$/u.test(window.slice(0, m.index + (m[0].startsWith(' ') ? 1 : 0)))) return null;
  const role = m[3] === 'rep' ? 'representative' : m[3]!;
  const org = m[4]!.replace(/[.,’']+$/, '');
  if (/^(?:The|A|An)$/.test(org)) return null;
  return { kind: 'descriptor', phrase: `${m[2] ?? ''}${org} ${role}`.trim(), head: role, named: true, definite: !/^(?:an?|one|another)$/i.test(m[1]!) };
}

const AFFILIATION_DESCRIBED = String.raw`\s+(?:for|at|of|with|from|close\s+to)\s+(the\s+(?:[a-z-]+\s+){0,2}[a-z]+)`;
const ROLE_FOR_THE_AT_END = new RegExp(String.raw`(?:^|\s)([Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+((?:[a-z-]+\s+){0,2})${ROLE}${AFFILIATION_DESCRIBED}$`);
const ROLE_FOR_THE_AT_START = new RegExp(String.raw`^([Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+((?:[a-z-]+\s+){0,2})${ROLE}${AFFILIATION_DESCRIBED}(?![\w-])`);

/**
 * "a representative for the singer", "a spokesman for the ministry": someone unnamed speaking for
 * whoever the descriptor means, which the speaker book resolves (not the singer or the ministry itself).
 */
function roleForDescribed(window: string, atStart: boolean): Mention | null {
  // (Most windows have no "for the" near the edge read: settled before the anchored pattern, which
  // is tried from every position.)
  if (!/\s(?:for|at|of|with|from|close\s+to)\s+the\s/.test(atStart ? window.slice(0, 70) : window.slice(-70))) return null;
  const m = atStart ? ROLE_FOR_THE_AT_START.exec(window) : ROLE_FOR_THE_AT_END.exec(window);
  if (!m) return null;
  if (!atStart && /\p{Lu}[\p{L}.'’-]*,\s*$/u.test(window.slice(0, m.index + (m[0].startsWith(' ') ? 1 : 0)))) return null;
  const of = parseNounPhrase(m[4]!);
  if (of?.kind !== 'descriptor' || !of.definite) return null;
  const role = m[3] === 'rep' ? 'representative' : m[3]!;
  return { kind: 'descriptor', phrase: `${m[2] ?? ''}${role}`.trim(), head: role, named: true, definite: !/^(?:an?|one|another)$/i.test(m[1]!), of };
}

/**
 * Words copy uses for someone it has named, by nationality, party, age or standing: "the Dutchman
 * told reporters", "the Democrat", "the 34-year-old", "the billionaire". Lower case.
 */
const EPITHETS = new Set(
  `dutchman frenchman englishman irishman scotsman welshman dutchwoman frenchwoman englishwoman irishwoman scotswoman
  welshwoman briton spaniard swede dane finn pole scot turk argentine argentinian aussie kiwi
  democrat republican tory conservative socialist
  billionaire millionaire tycoon mogul magnate youngster teenager newcomer incumbent challenger frontrunner front-runner
  striker midfielder defender winger goalkeeper keeper forward captain skipper champion seed ranked`.split(/\s+/),
);
const DEMONYM_NOUNS = new Set<string>();

/** A word for someone already named ("dutchman", "democrat", "34-year-old"); `he`/`she` where it tells. */
export function isEpithet(word: string): boolean {
  // ("the Brazilian", "the Israeli", "the Japanese"; not "the British". "The Australian" is a newspaper.)
  if (DEMONYM_NOUNS.size === 0) for (const d of Object.values(DEMONYMS)) if (/(?:an|i|ese)$/.test(d) && d !== 'Australian') DEMONYM_NOUNS.add(d.toLowerCase());
  return EPITHETS.has(word) || DEMONYM_NOUNS.has(word) || /^\d+-year-old$/.test(word);
}

/** The pronoun an epithet shows: "the Frenchwoman" is a she. */
export function epithetPronoun(word: string): 'he' | 'she' | undefined {
  return /woman$/.test(word) ? 'she' : /man$/.test(word) ? 'he' : undefined;
}

/** Countries and their adjectives, for "Russia's foreign ministry" = "Russian foreign ministry". */
const DEMONYMS: Record<string, string> = Object.fromEntries(
  `Afghanistan:Afghan America:American Argentina:Argentine Australia:Australian Austria:Austrian Belgium:Belgian
  Brazil:Brazilian Britain:British Canada:Canadian Chile:Chilean China:Chinese Colombia:Colombian Cuba:Cuban
  Denmark:Danish Egypt:Egyptian England:English Ethiopia:Ethiopian Europe:European Finland:Finnish France:French
  Germany:German Greece:Greek Hungary:Hungarian India:Indian Indonesia:Indonesian Iran:Iranian Iraq:Iraqi
  Ireland:Irish Israel:Israeli Italy:Italian Japan:Japanese Jordan:Jordanian Kenya:Kenyan Lebanon:Lebanese
  Libya:Libyan Mexico:Mexican Morocco:Moroccan Nigeria:Nigerian Norway:Norwegian Pakistan:Pakistani
  Palestine:Palestinian Peru:Peruvian Poland:Polish Portugal:Portuguese Qatar:Qatari Russia:Russian
  Scotland:Scottish Spain:Spanish Sweden:Swedish Switzerland:Swiss Syria:Syrian Taiwan:Taiwanese Thailand:Thai
  Tunisia:Tunisian Turkey:Turkish Ukraine:Ukrainian Venezuela:Venezuelan Vietnam:Vietnamese Wales:Welsh
  Netherlands:Dutch Czechia:Czech Slovakia:Slovak Romania:Romanian Bulgaria:Bulgarian Croatia:Croatian Serbia:Serbian
  Korea:Korean Philippines:Filipino Bangladesh:Bangladeshi Lithuania:Lithuanian Latvia:Latvian Estonia:Estonian
  Ghana:Ghanaian Uganda:Ugandan Sudan:Sudanese Somalia:Somali Senegal:Senegalese Algeria:Algerian Iceland:Icelandic
  Yemen:Yemeni`.split(/\s+/).map((pair) => pair.split(':') as [string, string]),
);

const DEMONYM_WORDS = new Set(Object.values(DEMONYMS));

/** A nationality: "Swedish", "Brazilian". */
export function isDemonym(word: string): boolean {
  return DEMONYM_WORDS.has(word);
}

export function isPronoun(word: string): boolean {
  return PRONOUN.test(word);
}
