// Who has been named so far in an article, so that "Ryder", "he", "the ministry" and "the former
// general" resolve to the speaker as first introduced ("Pat Ryder", "South Korean defense ministry").
import { editDistance } from '../text/words';
import { GROUP_NOUNS, type Mention, PERSON_NOUNS, TITLES } from './names';

interface Speaker {
  readonly name: string;
  readonly kind: 'person' | 'group';
  /** Lower-case words that introduced the name: "agency" for "state news agency KCNA". */
  readonly aliases: Set<string>;
  /** Learned from the pronouns that refer back to them, so "he" skips someone called "she". */
  pronoun?: 'he' | 'she';
}

const PERSON_NAME = /^\p{Lu}[\p{L}'’-]*\.?(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]+|de|da|van|von|bin|al|del|la))+$/u;
const GROUP_WORDS =
  /\b(?:Department|Ministry|Agency|House|Council|Office|Kremlin|Pentagon|Police|Party|Bank|Court|University|College|School|News|Times|Post|Press|Airlines?|Airport|Association|Institute|Center|Centre|Service|Committee|Commission|Company|Corporation|Inc|Group|Union|Administration|Foundation|Network|Authority|Board|Bureau|Church|Coalition|Club|Federation|Organization|Organisation|Government|Reuters|Interfax|Amtrak)\b/;

/** Full person names as written in the article ("Latasha Abney"), so a later "Abney" is that person. */
export function personNamesIn(text: string): string[] {
  const names: string[] = [];
  // Capitalised runs, "of" allowed inside ("Secretary of State Condoleezza Rice"); a word like
  // "Low-lying" (lower case after a hyphen) is not part of a name.
  for (const m of text.matchAll(/(?:\p{Lu}\.|\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*)(?:\s+(?:of\s+)?(?:\p{Lu}\.|\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*))+/gu)) {
    const run = m[0].replace(/[’']s$/, '').split(/\s+/);
    let last = -1;
    run.forEach((w, i) => {
      if (i < run.length - 1 && (TITLES.has(w.toLowerCase().replace(/\.$/, '')) || /^(?:The|A|An|In|On|At|But|And|When|After|Before|If|As|For|From|With|By|To|of)$/.test(w))) last = i;
    });
    // After "Secretary of State", the name is the last two words.
    if (run[last + 1] && last >= 0 && run.slice(last + 1).length > 2 && run.slice(0, last + 1).includes('of')) last = run.length - 3;
    if (run.slice(last + 1).some((w) => /-\p{Ll}/u.test(w) && !/-\p{Lu}/u.test(w))) continue;
    const name = run.slice(last + 1).join(' ');
    if (run.length - last - 1 < 2 || run.length - last - 1 > 4 || GROUP_WORDS.test(name)) continue;
    names.push(name);
  }
  return names;
}

const GROUP_INTRODUCED = new RegExp(String.raw`\b(${[...GROUP_NOUNS].join('|')})\s+((?:\p{Lu}[\p{L}.&'’-]*)(?:\s+\p{Lu}[\p{L}.&'’-]*){0,3})`, 'gu');

/** Organisations introduced with a descriptor ("state news agency KCNA"): later "the agency" is KCNA. */
export function groupsIn(text: string): { name: string; head: string }[] {
  const groups: { name: string; head: string }[] = [];
  for (const m of text.matchAll(GROUP_INTRODUCED)) {
    const name = m[2]!.split(/\.\s/)[0]!.replace(/[.’']+$/, '');
    if (GROUP_NOUNS.has(m[1]!) && !PERSON_NAME.test(name)) groups.push({ name, head: m[1]! });
  }
  return groups;
}

export class SpeakerBook {
  private readonly speakers: Speaker[] = [];
  private lastPerson: Speaker | null = null;
  private lastGroup: Speaker | null = null;
  /** People, most recently named first. */
  private recent: Speaker[] = [];

  /** Surname -> the first full name the article gives it. */
  private readonly bySurname = new Map<string, string>();

  constructor(
    private readonly fullNames: readonly string[] = [],
    private readonly groups: readonly { name: string; head: string }[] = [],
  ) {
    for (const n of fullNames) {
      const surname = n.slice(n.lastIndexOf(' ') + 1);
      if (!this.bySurname.has(surname)) this.bySurname.set(surname, n);
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
      if (w === 'it') return (this.lastGroup ?? this.lastPerson)?.name ?? null;
      return (this.lastGroup ?? this.lastPerson)?.name ?? null;
    }
    if (mention.kind === 'descriptor') {
      if (mention.named) return this.remember(mention.phrase, 'group', [mention.head]).name;
      if (!mention.definite) return this.remember(mention.phrase, PERSON_NOUNS.has(mention.head) ? 'person' : 'group', [mention.head]).name;
      const known = [...this.speakers].reverse().find((s) => s.aliases.has(mention.head));
      if (known) return this.touch(known).name;
      const introduced = this.groups.find((g) => g.head === mention.head);
      if (introduced) return this.remember(introduced.name, 'group', [mention.head]).name;
      if (PERSON_NOUNS.has(mention.head) && this.lastPerson) return this.touch(this.lastPerson).name;
      if (GROUP_NOUNS.has(mention.head)) return this.remember(mention.phrase, 'group', [mention.head]).name;
      return null;
    }
    return this.name(mention.name, mention.descriptors).name;
  }

  /** Someone is the subject of a sentence: "he" now means them. */
  noteSubject(mention: Mention): string | null {
    if (mention.kind === 'descriptor' && mention.named) return this.remember(mention.phrase, 'group', [mention.head]).name;
    if (mention.kind !== 'name') return null;
    const known = this.lookup(mention.name);
    if (known) return known.kind === 'person' ? this.touch(known).name : null;
    const full = this.fullNames.includes(mention.name) ? mention.name : this.bySurname.get(mention.name);
    return full ? this.remember(full, 'person', mention.descriptors).name : null;
  }

  private lookup(name: string): Speaker | undefined {
    // "Ryder" is Pat Ryder; "Ellie Hall" is not James Hall.
    const single = !name.includes(' ');
    const people = [...this.speakers].reverse();
    return (
      people.find((s) => s.name === name || (single && s.kind === 'person' && s.name.split(/\s+/).at(-1) === name)) ??
      // A surname misspelt once by one letter ("Velazquez" for "Velasquez") is still that person.
      (single && name.length >= 5 ? people.find((s) => s.kind === 'person' && s.name.includes(' ') && editDistance(s.name.split(/\s+/).at(-1)!, name) === 1) : undefined)
    );
  }

  /** Whether a mention names someone the article has introduced (not a capitalised common word). */
  knows(mention: Mention): boolean {
    if (mention.kind === 'pronoun') return this.lastPerson !== null || this.lastGroup !== null;
    if (mention.kind === 'descriptor') return mention.named || this.speakers.some((s) => s.aliases.has(mention.head));
    return mention.name.includes(' ') || this.lookup(mention.name) !== undefined || this.bySurname.has(mention.name);
  }

  private name(raw: string, descriptors: readonly string[]): Speaker {
    const known = this.lookup(raw);
    if (known) {
      for (const d of descriptors) known.aliases.add(d);
      return this.touch(known);
    }
    // A surname alone: the full name the article introduced earlier.
    // A surname alone, or a name with a word of office still in front: the full name as introduced.
    const full = raw.includes(' ') ? (this.fullNames.find((n) => raw.endsWith(` ${n}`)) ?? raw) : (this.bySurname.get(raw) ?? raw);
    const person = PERSON_NAME.test(full) && !GROUP_WORDS.test(full) || (full !== raw) || descriptors.some((d) => PERSON_NOUNS.has(d));
    return this.remember(full, person ? 'person' : 'group', descriptors);
  }

  private remember(name: string, kind: Speaker['kind'], aliases: readonly string[]): Speaker {
    const existing = this.speakers.find((s) => s.name === name);
    const speaker = existing ?? { name, kind, aliases: new Set<string>() };
    for (const a of aliases) speaker.aliases.add(a);
    if (!existing) this.speakers.push(speaker);
    return this.touch(speaker);
  }

  private touch(speaker: Speaker): Speaker {
    if (speaker.kind === 'person') {
      this.lastPerson = speaker;
      this.recent = [speaker, ...this.recent.filter((p) => p !== speaker)];
    }
    else this.lastGroup = speaker;
    return speaker;
  }
}
