// The speaker model: who has been named so far in an article, so that "Ryder", "he", "the ministry",
// "the former general", "CBP", "the statement" and "the official" resolve to the speaker as first
// introduced ("Pat Ryder", "South Korean defense ministry", "Customs and Border Protection", the
// statement's author, an anonymous official of their own).
import { editDistance } from '../text/words';
import { organisationNamesIn, PERSON_NAME } from './introduced';
import { AFFILIATED_ROLES, ANONYMOUS_ROLES, DOCUMENT_NOUNS, epithetPronoun, GROUP_WORDS, isDemonym, isEpithet, isGroupHead, isPeople, isShortFormOf, type Mention, PERSON_NOUNS, roleSynonyms, TITLES } from './names';
import { BUSINESS_HEADS, GROUP_HEADS, GROUP_NAMED_AFTER, NON_PROFIT, ORGANISATION_HEADS, ORGANISATION_KINDS, organisationForms, PUBLIC_BODY, PUBLIC_HEADS, sharesStem } from './organisations';
import { firstNamesOnly, HE, PARTY_LETTER, pronounOf, rolesOf, SHE, TITLE_WORDS, WELL_KNOWN } from './roles';

interface Speaker {
  readonly name: string;
  readonly kind: 'person' | 'group';
  /** Lower-case words that introduced the name: "agency" for "state news agency KCNA". */
  readonly aliases: Set<string>;
  /** From a title ("Ms.", "spokesman") or the pronouns that refer back, so "he" skips a "she". */
  pronoun?: 'he' | 'she';
}

/**
 * A surname misspelt by one letter, the first one right (a typo there is rare); tried only when the
 * lengths allow it, as the distance fills a whole table.
 */
function misspelt(surname: string, name: string): boolean {
  return Math.abs(surname.length - name.length) <= 1 && surname[0] === name[0] && editDistance(surname, name) === 1;
}

/** Whether `full` is `surname` (of two words or more: "Eriksson Ek") after one first name ("Joel"). */
function firstNameOf(surname: string, full: string): boolean {
  const first = full.length - surname.length - 1;
  return first > 1 && full.endsWith(` ${surname}`) && !full.slice(0, first).includes(' ') && !TITLES.has(full.slice(0, first).toLowerCase().replace(/[.-].*$/, ''));
}

/** Words before a document's noun that describe it, not who issued it. */
const DOCUMENT_MODIFIERS = new Set('new joint written brief short long separate earlier later recent signed sealed formal official public private internal leaked draft final initial second first court'.split(' '));

/** How an anonymous source is named: "British Foreign Office spokesperson (unnamed)". */
function unnamed(phrase: string): string {
  return `${phrase} (unnamed)`;
}

/** A letter or a digit (ASCII settled without the Unicode class, which costs more). */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /[\p{L}\p{N}]/u.test(ch);
}

/** Names by their first word ("" for those that open with a capital outside ASCII). */
function firstWords(names: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const name of names) {
    const first = /^[A-Z]/.test(name) ? name.slice(0, name.indexOf(' ') >>> 0) : '';
    map.set(first, [...(map.get(first) ?? []), name]);
  }
  return map;
}

/** Where `word` stands as whole words in `text` (last place), or -1. */
function wordAt(text: string, word: string): number {
  for (let at = text.lastIndexOf(word); at >= 0; at = at > 0 ? text.lastIndexOf(word, at - 1) : -1) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + word.length])) return at;
  }
  return -1;
}

/**
 * The people and organisations an article has introduced, in the order it last spoke of them. Each
 * has its name as first given in full, its kind, the lower-case words that described it ("mayor",
 * "agency"), and the pronoun it takes once the text shows it. Anonymous sources ("a senior official")
 * are entities of their own, named by their descriptor. Documents ("the statement") speak for whoever
 * was last said to have written or issued one.
 */
export class SpeakerBook {
  private readonly speakers: Speaker[] = [];
  private lastPerson: Speaker | null = null;
  private lastGroup: Speaker | null = null;
  /** People, most recently named first. */
  private recent: Speaker[] = [];
  /** Who last issued, wrote or sent a document. */
  private author: Speaker | null = null;

  /** Surname -> the first full name the article gives it. */
  private readonly bySurname = new Map<string, string>();
  /** First name -> the one full name the article gives with it ("Maeve says" in a feature), null when several. */
  private readonly byFirstName = new Map<string, string | null>();

  private readonly fullNames: readonly string[];

  /**
   * How each organisation may be written in a sentence ("Big Machine", "CBP"), to its name: read
   * from the article the first time "the company" or the like is asked for, as most never are.
   */
  private organisationForms: readonly (readonly [string, string])[] | undefined;
  /** Organisations, the one a sentence spoke of last first, whatever their part in it. */
  private organisationsSpokenOf: string[] = [];
  /** Sentences read and organisations spoken for, in order, not yet looked at for organisations. */
  private readonly spokenOfLog: { readonly sentence?: string; readonly speaker?: string }[] = [];

  constructor(
    fullNames: readonly string[] = [],
    private readonly groups: readonly { name: string; head: string }[] = [],
    private readonly acronyms: ReadonlyMap<string, string> = new Map(),
    private readonly represented: readonly string[] = [],
    /** Names the article uses as an organisation's although they look like a person's. */
    private readonly organisations: ReadonlySet<string> = new Set(),
    /** The article, where "the doctors" may find the group it names "Doctors for Camp Safety". */
    private readonly text = '',
  ) {
    // Each name once: they are searched for every mention.
    this.fullNames = [...new Set(fullNames)];
    for (const n of this.fullNames) {
      const surname = n.slice(n.lastIndexOf(' ') + 1);
      if (!this.bySurname.has(surname)) this.bySurname.set(surname, n);
      // (A first name two people share names neither.)
      const first = n.slice(0, n.indexOf(' '));
      if (!TITLES.has(first.toLowerCase())) this.byFirstName.set(first, this.byFirstName.has(first) && this.byFirstName.get(first) !== n ? null : n);
    }
  }

  /** The speaker a mention refers to, or null when it cannot be told. */
  resolve(mention: Mention): string | null {
    if (mention.kind === 'pronoun') {
      const w = mention.word;
      if (w === 'he' || w === 'she') {
        const person = this.recent.find((p) => p.pronoun === undefined || p.pronoun === w);
        if (!person) return null;
        person.pronoun = w;
        return this.touch(person).name;
      }
      if (w === 'i') return this.lastPerson?.name ?? null;
      return (this.lastGroup ?? this.lastPerson)?.name ?? null;
    }
    if (mention.kind === 'descriptor') return this.described(mention);
    return this.name(mention.name, mention.descriptors).name;
  }

  private described(mention: Extract<Mention, { kind: 'descriptor' }>): string | null {
    // "the statement said": its author's words ("a report", a new one, is no one's we know).
    if (DOCUMENT_NOUNS.has(mention.head)) {
      // "his letter said", "the judge’s order reads": the words of the one it belongs to.
      const owner = mention.of ? this.resolve(mention.of) : null;
      if (owner) return owner;
      // "a police statement", "a White House memo": who issued it is in its name.
      const issuer = mention.phrase.split(' ').slice(0, -1).filter((w) => !DOCUMENT_MODIFIERS.has(w.toLowerCase()));
      if (issuer.length > 0 && (issuer.every((w) => /^\p{Lu}/u.test(w)) || (issuer.length === 1 && isGroupHead(issuer[0]!)))) {
        return this.remember(issuer.join(' ').replace(/[’']s$/, ''), 'group', []).name;
      }
      const author = this.authors.get(mention.head) ?? this.author;
      return mention.definite && author ? this.touch(author).name : null;
    }
    // "the Dutchman", "the 34-year-old": the person last named who fits (a woman is no Dutchman).
    if (mention.definite && !mention.named && isEpithet(mention.head)) {
      const pronoun = epithetPronoun(mention.head);
      const person =
        this.agedAs(mention.head) ??
        this.speakers.findLast((s) => s.kind === 'person' && s.aliases.has(mention.head)) ??
        (PARTY_LETTER[mention.head] ? this.ofPartyNamed(mention.head) : undefined) ??
        this.recent.find((p) => !pronoun || !p.pronoun || p.pronoun === pronoun);
      if (!person) return null;
      if (pronoun) person.pronoun ??= pronoun;
      return this.remember(person.name, 'person', [mention.head]).name;
    }
    if (mention.named && AFFILIATED_ROLES.has(mention.head) && mention.of) {
      // "a representative for the singer": someone unnamed speaking for whoever "the singer" is.
      const owner = this.resolve(mention.of);
      return owner ? this.remember(unnamed(`${owner} ${mention.phrase}`), 'person', [mention.head]).name : null;
    }
    if (mention.named && AFFILIATED_ROLES.has(mention.head)) {
      // "a spokesperson for the Foreign Office", "Swift’s rep": someone unnamed who speaks for them.
      const phrase = mention.phrase.replace(/^(\p{Lu}[\p{L}.-]*)([’']s\s)/u, (_, owner: string, s: string) => `${this.fullName(owner)}${s}`);
      return this.remember(unnamed(phrase), 'person', [mention.head]).name;
    }
    // A crowd, "some nurses" or "some Ohio nurses": no one in particular, a group that "they" means.
    if (!mention.definite && isPeople(mention.head)) return this.remember(unnamed(mention.phrase), 'group', [mention.head]).name;
    // "the Swedish activist", "the Commission president": someone named before (by that role, or any
    // one with a nationality only), not a body called "Swedish activist".
    if (mention.named && mention.definite && PERSON_NOUNS.has(mention.head)) {
      const aliased = this.speakers.findLast((s) => s.kind === 'person' && s.aliases.has(mention.head));
      const national = mention.phrase.split(' ').slice(0, -1).every((w) => !/^\p{Lu}/u.test(w) || isDemonym(w));
      const person = aliased ?? (national ? this.lastPerson : null);
      if (person) return this.touch(person).name;
    }
    if (mention.named) return this.remember(mention.phrase, 'group', [mention.head]).name;
    // "a senior official": someone new, not the last person named.
    if (!mention.definite) {
      // (Anyone unnamed: "a witness", "one resident".)
      const anonymous = ANONYMOUS_ROLES.has(mention.head) || PERSON_NOUNS.has(mention.head);
      return this.remember(anonymous ? unnamed(mention.phrase) : mention.phrase, anonymous || PERSON_NOUNS.has(mention.head) ? 'person' : 'group', [mention.head]).name;
    }
    // ("the physician" is "Dr. Ana Ruiz", whose title made her a doctor.)
    // "the company" after "… accused Big Machine of …": the organisation of that kind spoken of last.
    const spokenOf = this.lastOrganisation(mention);
    if (spokenOf) return this.remember(spokenOf, 'group', [mention.head]).name;
    const known = this.speakers.findLast((s) => s.aliases.has(mention.head)) ?? this.bySynonym(mention.head);
    if (known) return this.touch(known).name;
    const introduced = this.groups.find((g) => g.head === mention.head);
    if (introduced) return this.remember(introduced.name, 'group', [mention.head]).name;
    // "the ministry" after "the Foreign Ministry"; "the production company" after "X Productions";
    // "the company" after an organisation named in full.
    const named = this.speakers.filter((s) => s.kind === 'group' && /^\p{Lu}/u.test(s.name)).reverse();
    const bare = ORGANISATION_HEADS.has(mention.head) && mention.phrase === mention.head;
    // (An organisation only spoken for, "a spokesperson for Tesla", when it is the article's only one.)
    const represented = bare && this.represented.length === 1 ? this.represented[0] : undefined;
    const organisation =
      named.find((s) => sharesStem(mention.phrase, s.name))?.name ??
      (bare ? named.find((s) => GROUP_WORDS.test(s.name) || this.organisations.has(s.name))?.name : undefined) ??
      represented ??
      // ("Tesla said …", then "the carmaker": a body that has spoken, whatever its name looks like.)
      (bare && BUSINESS_HEADS.has(mention.head) ? named.find((s) => !PUBLIC_BODY.test(s.name) && !NON_PROFIT.test(s.name))?.name : undefined);
    if (organisation) return this.remember(organisation, 'group', [mention.head]).name;
    // "the doctors" when the article names a group of them: "Doctors for Camp Safety", "Nurses United".
    // ("the physicians" when it is "Doctors for Camp Safety".)
    const plural =
      mention.phrase === mention.head && /[a-z]s$/.test(mention.head)
        ? (this.groupNamedFor(mention.head) ?? roleSynonyms(mention.head).reduce<string | null>((found, other) => found ?? this.groupNamedFor(other), null))
        : null;
    if (plural) return this.remember(plural, 'group', [mention.head]).name;
    // "the official" no one was called: an anonymous source of its own, not the last person named.
    if (ANONYMOUS_ROLES.has(mention.head)) return this.remember(unnamed(mention.phrase), 'person', [mention.head]).name;
    if (PERSON_NOUNS.has(mention.head)) {
      // "the surgeon said" after "surgeon Hal Brenner" or "Hal Brenner, a trauma surgeon", even where
      // the article named him as no one's subject.
      const introduced = this.introducedAs(mention.head);
      if (introduced) return this.remember(introduced, 'person', [mention.head]).name;
      // "the former minister said" before anyone is named: someone of their own.
      return this.lastPerson ? this.touch(this.lastPerson).name : this.remember(mention.phrase, 'person', [mention.head]).name;
    }
    // "National Grid said …", then "a spokesperson for the company": with no organisation known, the
    // name spoken of last that nothing (a pronoun, a title) has shown to be a person's.
    const unproven = bare && this.lastPerson && !this.lastPerson.pronoun && /^\p{Lu}/u.test(this.lastPerson.name) && ![...this.lastPerson.aliases].some((a) => PERSON_NOUNS.has(a) || TITLES.has(a));
    if (unproven) return this.touch(this.lastPerson!).name;
    if (isGroupHead(mention.head)) return this.remember(mention.phrase, 'group', [mention.head]).name;
    return null;
  }

  /** The person last spoken of whom the article gives that party, else the first it names with it. */
  private ofPartyNamed(party: string): Speaker | undefined {
    const spoken = this.recent.find((p) => this.ofParty(p.name, party));
    if (spoken) return spoken;
    // (Of several, the first the article names: one only named in passing is named before the epithet.)
    const named = this.fullNames.find((n) => this.ofParty(n, party));
    return named ? this.remember(named, 'person', []) : undefined;
  }

  /** Whether the article gives `name` a party: "Brad Kemper, R-Texas," or "Ana Ruiz, a New York Democrat". */
  private ofParty(name: string, party: string): boolean {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const head = `${party[0]!.toUpperCase()}${party.slice(1)}`;
    return new RegExp(String.raw`${escaped},\s+(?:${PARTY_LETTER[party]}-\p{Lu}|an?\s+(?:\p{Lu}[\p{L}.-]*\s+){0,2}${head}\b)`, 'u').test(this.text);
  }

  /** The person the article has called `head` or another word for that role, by title or as introduced, if any. */
  private inRole(head: string): Speaker | undefined {
    const known = this.speakers.findLast((s) => s.kind === 'person' && s.aliases.has(head)) ?? this.bySynonym(head);
    if (known) return known.kind === 'person' ? known : undefined;
    const introduced = this.introducedAs(head);
    return introduced ? this.remember(introduced, 'person', [head]) : undefined;
  }

  /**
   * For "the 31-year-old": the person the article introduces with that age ("Kovalenko, 31," or
   * "31-year-old Anna Kovalenko"); of several, the one spoken of last; undefined when it names none.
   */
  private agedAs(head: string): Speaker | undefined {
    const age = /^(\d+)-year-old$/.exec(head)?.[1];
    if (age === undefined) return undefined;
    const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)*`;
    const aged = new RegExp(String.raw`(${NAME}),\s+${age}(?=[,.;)]|\s+(?:of|from|who|and)\b)|\b${age}-year-old\s+(?:\p{Ll}+\s+){0,2}(${NAME})`, 'gu');
    const names = new Set<string>();
    const known = (name: string) => this.fullNames.includes(name) || this.speakers.some((s) => s.kind === 'person' && s.name === name);
    for (const m of this.text.matchAll(aged)) {
      // (The name may follow other capitalised words: "Ukraine's Dmytro Kovalenko, 31".)
      const words = (m[1] ?? m[2]!).split(/\s+/);
      const full = words.map((_, i) => this.fullName(words.slice(i).join(' '))).find(known);
      if (full) names.add(full);
    }
    if (names.size === 0) return undefined;
    const spoken = this.recent.find((p) => names.has(p.name));
    if (spoken) return spoken;
    return names.size === 1 ? this.remember([...names][0]!, 'person', []) : undefined;
  }

  /** The speaker last described by another word for the same role ("the physicians" after "the doctors"). */
  private bySynonym(head: string): Speaker | undefined {
    const others = roleSynonyms(head);
    return others.length === 0 ? undefined : this.speakers.findLast((s) => others.some((o) => s.aliases.has(o)));
  }

  /**
   * The one person the article introduces with `head` or a word for the same role, right before
   * the name ("surgeon Hal Brenner") or in an apposition after it ("Hal Brenner, a trauma surgeon");
   * with several, the one spoken of last. Read from the text the first time a role is asked for.
   */
  private introducedAs(head: string): string | null {
    this.roles ??= rolesOf(this.fullNames, this.text);
    const words = new Set([head, ...roleSynonyms(head)]);
    const named = this.fullNames.filter((n) => this.roles!.get(n)?.some((r) => words.has(r)));
    if (named.length <= 1) return named[0] ?? null;
    return this.recent.find((p) => named.includes(p.name))?.name ?? null;
  }

  private roles: Map<string, string[]> | undefined;
  private firstNamesOnly: Map<string, string> | undefined;
  private byFirstWord: Map<string, string[]> | undefined;

  /** An organisation named after a plural noun ("Doctors Without Borders" for "doctors"), if the text has one. */
  private groupNamedFor(head: string): string | null {
    const cached = this.namedFor.get(head);
    if (cached !== undefined) return cached;
    const capital = `${head[0]!.toUpperCase()}${head.slice(1)}`;
    let found: string | null = null;
    for (let at = this.text.indexOf(capital); at >= 0 && found === null; at = this.text.indexOf(capital, at + 1)) {
      if (/[\p{L}]/u.test(this.text[at - 1] ?? '')) continue;
      const m = GROUP_NAMED_AFTER.exec(this.text.slice(at + capital.length, at + capital.length + 60));
      if (m) found = `${capital}${m[0]}`.replace(/[\s,.]+$/, '');
    }
    this.namedFor.set(head, found);
    return found;
  }

  private readonly namedFor = new Map<string, string | null>();

  /**
   * The organisations a sentence names become the last spoken of, in their order, bar its subject,
   * which stays the last: after "Acme agreed to buy Orbis", "the company" is Acme.
   */
  noteOrganisations(sentence: string): void {
    this.spokenOfLog.push({ sentence });
  }

  /** The log of sentences and speakers read into `organisationsSpokenOf`, the forms found first. */
  private catchUp(): void {
    this.organisationForms ??= organisationForms(
      [...organisationNamesIn(this.text), ...this.organisations, ...this.groups.map((g) => g.name), ...this.represented],
      this.acronyms,
    );
    for (const { sentence, speaker } of this.spokenOfLog) {
      if (sentence !== undefined) this.spokenIn(sentence);
      else if (this.organisationForms.some(([, name]) => name === speaker)) this.spokenOf(speaker!);
    }
    this.spokenOfLog.length = 0;
  }

  private spokenIn(sentence: string): void {
    const found: { at: number; name: string }[] = [];
    for (const [form, name] of this.organisationForms!) {
      const at = wordAt(sentence, form);
      if (at >= 0) found.push({ at, name });
    }
    if (found.length === 0) return;
    found.sort((a, b) => a.at - b.at);
    if (/^(?:(?:The|But|And)\s+)?$/.test(sentence.slice(0, found[0]!.at))) found.push(found.shift()!);
    for (const { name } of found) this.spokenOf(name);
  }

  private spokenOf(name: string): void {
    this.organisationsSpokenOf = [name, ...this.organisationsSpokenOf.filter((n) => n !== name)];
  }

  /** For "the company" and the like: the organisation of that kind spoken of last, if any. */
  private lastOrganisation(mention: Extract<Mention, { kind: 'descriptor' }>): string | undefined {
    if (!mention.definite || mention.named || !ORGANISATION_KINDS.has(mention.head)) return undefined;
    this.catchUp();
    const bare = mention.phrase === mention.head;
    const fits = (name: string): boolean => {
      if (this.speakers.some((s) => s.name === name && s.aliases.has(mention.head)) || sharesStem(mention.phrase, name)) return true;
      if (!bare) return false;
      // "the company" is not a ministry or a charity; "the group" may be a charity; "the agency" is a public body.
      if (BUSINESS_HEADS.has(mention.head)) return !PUBLIC_BODY.test(name) && !NON_PROFIT.test(name);
      if (GROUP_HEADS.has(mention.head)) return !PUBLIC_BODY.test(name);
      return PUBLIC_HEADS.has(mention.head) && PUBLIC_BODY.test(name) && !NON_PROFIT.test(name);
    };
    // (The few spoken of last: "the company" does not reach further back past as many others.)
    const recent = this.organisationsSpokenOf.slice(0, 6);
    // One that has spoken or been a subject first: after "Acme said it would cut jobs. The cuts
    // follow a failed merger with Beta.", "the company" is still Acme; then one only named.
    const spoke = (name: string) => this.speakers.some((s) => s.name === name && s.kind === 'group');
    return recent.find((name) => spoke(name) && fits(name)) ?? recent.find(fits);
  }

  /**
   * The one person already in the book a text names (full name or surname, not as an owner:
   * "Tane's lawyer" is someone else), or null when it names none or several.
   */
  onlyPersonNamed(text: string): string | null {
    let found: Speaker | null = null;
    for (const s of this.speakers) {
      if (s.kind !== 'person' || !/^\p{Lu}/u.test(s.name)) continue;
      const surname = s.name.slice(s.name.lastIndexOf(' ') + 1);
      if (!text.includes(surname)) continue;
      // (A surname alone is whom the article gave it first: "Tane" is not Tane's son.)
      const full = wordAt(text, s.name);
      const at = full >= 0 ? full : surname.length > 2 && this.bySurname.get(surname) === s.name ? wordAt(text, surname) : -1;
      if (at < 0) continue;
      const end = text.indexOf(surname, at) + surname.length;
      if (found || /^[’']s?\b/.test(text.slice(end, end + 2))) return null;
      found = s;
    }
    return found?.name ?? null;
  }

  /** The one full name of a person a sentence gives (not as an owner), now the last person spoken of. */
  notePersonNamed(sentence: string): string | null {
    // (Only the names whose first word the sentence has: a search for every name in every sentence
    // without a subject cost more than the rest of the rule.)
    const byFirstWord = (this.byFirstWord ??= firstWords(this.fullNames));
    // (Names that open with a capital outside ASCII are tried in every sentence.)
    const candidates: string[] = [...(byFirstWord.get('') ?? [])];
    const word = /[A-Z][\w'’.-]*/g;
    for (let m = word.exec(sentence); m !== null; m = word.exec(sentence)) {
      const names = byFirstWord.get(m[0]);
      if (names) candidates.push(...names);
    }
    let found: string | null = null;
    for (const name of candidates) {
      const at = wordAt(sentence, name);
      if (at < 0 || this.organisations.has(name) || /^[’']/.test(sentence.slice(at + name.length))) continue;
      // (Not "Ana Ruiz" inside "Ana Ruiz Lopez".)
      if (found && (found.includes(name) || name.includes(found))) {
        if (name.length > found.length) found = name;
        continue;
      }
      if (found) return null;
      found = name;
    }
    return found ? this.remember(found, 'person', []).name : null;
  }

  /** `name` wrote or issued a document: "the statement" that follows is theirs ("the ruling", the ruling's author's). */
  noteAuthor(name: string, document?: string): void {
    this.author = this.speakers.find((s) => s.name === name) ?? null;
    if (this.author && document) this.authors.set(document, this.author);
  }

  /** Who last wrote each kind of document: "the ruling" is the judge's after "a statement" from a spokesman. */
  private readonly authors = new Map<string, Speaker>();

  /** Someone is the subject of a sentence: "he" now means them. */
  noteSubject(mention: Mention): string | null {
    if (mention.kind === 'descriptor') {
      if (!mention.definite && isPeople(mention.head)) return this.remember(unnamed(mention.phrase), 'group', [mention.head]).name;
      if (mention.named) return this.remember(mention.phrase, 'group', [mention.head]).name;
      // "The nurses union sent a letter": an organisation spoken of, who "the union" means next.
      if (mention.definite && isGroupHead(mention.head)) return this.described(mention);
      // "The judge also ordered …": the person named in that role ("Mrs Justice Cole"), whom "she" means next.
      // ("The 31-year-old has now lost …": the one the article gave that age.)
      const person = !mention.definite ? undefined : PERSON_NOUNS.has(mention.head) ? this.inRole(mention.head) : this.agedAs(mention.head);
      return person ? this.touch(person).name : null;
    }
    if (mention.kind !== 'name') return null;
    const known = this.lookup(mention.name);
    if (known) return known.kind === 'person' ? this.touch(known).name : null;
    if (GROUP_WORDS.test(mention.name) || this.organisations.has(mention.name)) {
      // Known from now on ("the company" may mean it), but not yet the one speaking.
      this.remember(mention.name, 'group', mention.descriptors);
      return null;
    }
    const full = this.fullName(mention.name, mention.descriptors);
    // ("Her husband, Kwame, …": someone by first name, a person by the noun beside it.)
    const described = mention.descriptors.some((d) => PERSON_NOUNS.has(d) || HE.has(d) || SHE.has(d));
    return full !== mention.name || this.fullNames.includes(full) || described ? this.remember(full, 'person', mention.descriptors).name : null;
  }

  /** The full name the article gives someone written short ("Ryder", "Kahu Tane"), else the name itself. */
  private fullName(raw: string, descriptors: readonly string[] = []): string {
    // A public figure copy names by surname alone ("Mr. Trump", "President Obama"), when the article
    // gives no one else that surname.
    if (!raw.includes(' ')) return this.bySurname.get(raw) ?? (pronounOf(descriptors) !== 'she' ? WELL_KNOWN.get(raw) : undefined) ?? (descriptors.length === 0 ? this.byFirstName.get(raw) : undefined) ?? raw;
    // A name with a word of office still in front ("Ukraine Kurt Volker"), or without its middle name.
    // A surname of two words ("Eriksson Ek" for "Joel Eriksson Ek").
    return this.fullNames.find((n) => raw.endsWith(` ${n}`) && !firstNameOf(n, raw)) ?? this.fullNames.find((n) => isShortFormOf(raw, n) || firstNameOf(raw, n)) ?? raw;
  }

  private lookup(name: string): Speaker | undefined {
    // "Ryder" is Pat Ryder; "Ellie Hall" is not James Hall.
    const single = !name.includes(' ');
    // Most recently added first.
    return (
      this.speakers.findLast((s) => s.name === name || (s.kind === 'person' && (isShortFormOf(name, s.name) || (!single && firstNameOf(name, s.name))))) ??
      // A surname misspelt once by one letter ("Velazquez" for "Velasquez") is still that person.
      (single && name.length >= 5 ? this.speakers.findLast((s) => s.kind === 'person' && s.name.includes(' ') && misspelt(s.name.slice(s.name.lastIndexOf(' ') + 1), name)) : undefined)
    );
  }

  /** Whether the person called `name` is known to take the other pronoun than `pronoun`. */
  takesOtherPronoun(name: string, pronoun: 'he' | 'she'): boolean {
    const known = this.speakers.find((s) => s.name === name)?.pronoun;
    return known !== undefined && known !== pronoun;
  }

  /** Whether a mention names someone the article has introduced (not a capitalised common word). */
  knows(mention: Mention): boolean {
    if (mention.kind === 'pronoun') return this.lastPerson !== null || this.lastGroup !== null;
    if (mention.kind === 'descriptor') return mention.named || this.speakers.some((s) => s.aliases.has(mention.head)) || this.bySynonym(mention.head) !== undefined;
    return mention.name.includes(' ') || this.lookup(mention.name) !== undefined || this.bySurname.has(mention.name);
  }

  private name(raw: string, descriptors: readonly string[]): Speaker {
    const known = this.lookup(raw);
    if (known) {
      for (const d of descriptors) known.aliases.add(TITLE_WORDS[d] ?? d);
      if (known.kind === 'person') known.pronoun ??= pronounOf(descriptors);
      return this.touch(known);
    }
    const spelled = this.acronyms.get(raw);
    if (spelled) return this.remember(spelled, 'group', descriptors);
    // A surname alone, or a name with a word of office still in front: the full name as introduced.
    const full = this.fullName(raw, descriptors);
    // "who gave only her first name, Fatima", "identified only as Omar": someone by first name.
    if (full === raw && !raw.includes(' ')) {
      this.firstNamesOnly ??= firstNamesOnly(this.text);
      const pronoun = this.firstNamesOnly.get(raw);
      if (pronoun !== undefined) return this.remember(raw, 'person', pronoun === 'her' ? ['ms', ...descriptors] : pronoun === 'his' ? ['mr', ...descriptors] : descriptors);
    }
    // ("Mr Sunak" is a person although the article never gives his first name.)
    const person =
      !this.organisations.has(full) && ((PERSON_NAME.test(full) && !GROUP_WORDS.test(full)) || full !== raw || descriptors.some((d) => PERSON_NOUNS.has(d) || TITLES.has(d)));
    return this.remember(full, person ? 'person' : 'group', descriptors);
  }

  private remember(name: string, kind: Speaker['kind'], aliases: readonly string[]): Speaker {
    const existing = this.speakers.find((s) => s.name === name);
    const speaker = existing ?? { name, kind, aliases: new Set<string>() };
    for (const a of aliases) speaker.aliases.add(TITLE_WORDS[a] ?? a);
    if (kind === 'person') speaker.pronoun ??= pronounOf(aliases);
    if (!existing) this.speakers.push(speaker);
    return this.touch(speaker);
  }

  private touch(speaker: Speaker): Speaker {
    if (speaker.kind === 'person') {
      this.lastPerson = speaker;
      this.recent = [speaker, ...this.recent.filter((p) => p !== speaker)];
    } else {
      this.lastGroup = speaker;
      // (Only names known as an organisation's, not "Another" of "Another said": told when asked.)
      this.spokenOfLog.push({ speaker: speaker.name });
    }
    return speaker;
  }
}
