// People by role: titles written short, the words that show a pronoun, the person nouns an article
// introduces someone with, first names given alone, party tags and public figures named by surname.
import { PERSON_NOUNS } from './names';

/** Abbreviated titles, so "Sen. Ada Quint" is "the senator" later. */
export const TITLE_WORDS: Record<string, string> = {
  sen: 'senator', rep: 'representative', gov: 'governor', gen: 'general', lt: 'lieutenant', col: 'colonel',
  capt: 'captain', sgt: 'sergeant', det: 'detective', prof: 'professor', dr: 'doctor', supt: 'superintendent',
  insp: 'inspector', adm: 'admiral', cmdr: 'commander', rev: 'reverend', atty: 'attorney',
};

/** Words before a name that show the pronoun it takes. */
export const HE = new Set('mr sir lord king prince father brother son husband uncle spokesman chairman congressman councilman businessman alderman'.split(' '));
export const SHE = new Set('mrs ms miss dame lady queen princess mother sister daughter wife aunt spokeswoman chairwoman congresswoman councilwoman businesswoman actress'.split(' '));

export function pronounOf(descriptors: Iterable<string>): 'he' | 'she' | undefined {
  for (const d of descriptors) {
    if (HE.has(d)) return 'he';
    if (SHE.has(d)) return 'she';
  }
  return undefined;
}

/** The letter of a legislator's party tag ("R-Texas") for each party epithet. */
export const PARTY_LETTER: Record<string, string> = { democrat: 'D', republican: 'R' };

/**
 * Public figures whom news copy often names by surname alone, with the full name readers know them
 * by. Only surnames that point to one person in current news (no Clinton, Bush, Johnson or Kim).
 */
export const WELL_KNOWN = new Map(
  `Donald Trump|Barack Obama|Joe Biden|Vladimir Putin|Benjamin Netanyahu|Angela Merkel|Emmanuel Macron|Narendra Modi|
  Nancy Pelosi|Mitch McConnell|Chuck Schumer|Mike Pompeo|Mike Pence|Antony Blinken|Jair Bolsonaro|Justin Trudeau|
  Rishi Sunak|Keir Starmer|Jeremy Corbyn|Jared Kushner|Rudy Giuliani|Mark Zuckerberg|Elon Musk|Jeff Bezos|
  Anthony Fauci|Ron DeSantis|Mahmoud Abbas|Ali Khamenei|Hassan Rouhani|Sergei Lavrov|Jens Stoltenberg|Janet Yellen|
  Steven Mnuchin|Brett Kavanaugh|Rodrigo Duterte|Nicolás Maduro|Volodymyr Zelenskyy|Volodymyr Zelensky|
  Recep Tayyip Erdogan|Recep Tayyip Erdoğan|Olaf Scholz|Kevin McCarthy|Adam Schiff|Jacinda Ardern|Scott Morrison|
  Anthony Albanese|Jimmy Carter|Ronald Reagan|Tony Blair|David Cameron|Shinzo Abe|Xi Jinping`
    .split('|')
    .map((n) => n.trim())
    // (Surname last, bar Xi Jinping's.)
    .map((n) => [n === 'Xi Jinping' ? 'Xi' : n.slice(n.lastIndexOf(' ') + 1), n] as [string, string]),
);

/** A person noun right before a name: "trauma surgeon" of "trauma surgeon Hal Brenner". */
const ROLE_BEFORE = /(\p{Ll}+)\s+$/u;
/** An apposition after a name: ", a trauma surgeon at", ", the clinic's chief physician,". */
const ROLE_AFTER = /^,\s+(?:a|an|the|\p{Lu}[\p{L}.-]*[’']s)\s+(?:[\p{L}-]+\s+){0,3}?(\p{Ll}+)(?=[,.;)]|\s+(?:at|of|for|with|in|from|who|and|on|based)\b)/u;

/** For each full name, the person nouns the article introduces it with. */
export function rolesOf(names: readonly string[], text: string): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  for (const name of names) {
    const found: string[] = [];
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      const before = ROLE_BEFORE.exec(text.slice(Math.max(0, at - 30), at))?.[1];
      if (before && PERSON_NOUNS.has(before)) found.push(before);
      const after = ROLE_AFTER.exec(text.slice(at + name.length, at + name.length + 90))?.[1];
      if (after && PERSON_NOUNS.has(after)) found.push(after);
    }
    if (found.length > 0) roles.set(name, found);
  }
  return roles;
}

/** "who gave only her first name, Fatima", "identified only as Omar": a person named by first name alone. */
const FIRST_NAME_ONLY = /\b(?:only\s+(?:(his|her|their)\s+)?first\s+name|identified\s+only\s+(?:as|by)(?:\s+(his|her|their))?(?:\s+first\s+name)?)\s*,?\s+(\p{Lu}\p{Ll}+)\b/gu;

/** The names an article gives so, each to the pronoun the phrase shows ("" when it shows none). */
export function firstNamesOnly(text: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!text.includes('first name') && !text.includes('identified only')) return found;
  for (const m of text.matchAll(FIRST_NAME_ONLY)) found.set(m[3]!, m[1] ?? m[2] ?? '');
  return found;
}
