// Kinds of organisation: the heads "the company", "the agency" or "the group" may stand for, the
// words in a name that show a public body or a non-profit, and the forms a name is written in.

/** Organisation heads that "the company said" may use for any organisation named before. */
export const ORGANISATION_HEADS = new Set(
  `company firm group organization organisation label studio carrier airline retailer chain maker manufacturer carmaker automaker supermarket
  startup network publisher broadcaster insurer lender bank business agency administration bureau authority
  commission regulator watchdog`.split(/\s+/),
);

/** Heads of "the company", "the ministry": looked for among the organisations spoken of. */
export const BUSINESS_HEADS = new Set('company firm label studio carrier airline retailer chain maker manufacturer startup publisher broadcaster insurer lender business operator supplier conglomerate carmaker automaker supermarket'.split(' '));
export const GROUP_HEADS = new Set('group organization organisation'.split(' '));
export const PUBLIC_HEADS = new Set('agency administration bureau authority regulator watchdog'.split(' '));
export const ORGANISATION_KINDS = new Set([
  ...BUSINESS_HEADS,
  ...GROUP_HEADS,
  ...PUBLIC_HEADS,
  ...'ministry department office council committee commission court board union party campaign service bureau institute university college school hospital coalition alliance association federation foundation charity trust society church network bank utility authority administration'.split(' '),
]);
/** Names of public bodies and of groups that are no business. */
export const PUBLIC_BODY = /\b(?:Department|Ministry|Agency|Police|Court|Council|Government|Administration|Commission|Committee|Parliament|Senate|Congress|Assembly|Army|Navy|Guard|Command|Authority|Bureau|Office|House|Kremlin|Pentagon|Tribunal|Secretariat|Registry|Service|Cent(?:er|re)s?)\b/;
export const NON_PROFIT = /\b(?:University|College|School|Party|Union|Church|Hospital|Clinic|Institute|Campaign|Coalition|Federation|Association|League|Society|Foundation|Trust|Fund|Alliance|Club)\b/;
/** Corporate words a name is often written without: "Big Machine" for "Big Machine Records". */
const CORPORATE_TAIL = /\s+(?:Records|Productions|Studios|Entertainment|Group|Inc|Corp|Corporation|Company|Co|Ltd|LLC|PLC|Holdings|International)\.?$/;

/** Each organisation's forms to look for: its name, its name without a corporate word, its acronym. */
export function organisationForms(names: readonly string[], acronyms: ReadonlyMap<string, string>): [string, string][] {
  const forms = new Map<string, string>();
  for (const name of names) {
    forms.set(name, name);
    const short = name.replace(CORPORATE_TAIL, '');
    if (short !== name && short.includes(' ') && !forms.has(short)) forms.set(short, name);
  }
  for (const [acronym, name] of acronyms) if (!forms.has(acronym)) forms.set(acronym, name);
  return [...forms];
}

/** "the production company" and "Harbor Lane Productions" share a word ("production"/"Productions"). */
export function sharesStem(phrase: string, name: string): boolean {
  const words = name.toLowerCase().split(/\s+/);
  return phrase
    .toLowerCase()
    .split(/\s+/)
    .some((p) => p.length >= 4 && words.some((w) => w.length >= 4 && (w.startsWith(p) || p.startsWith(w))));
}

/** The rest of a group's name after its plural noun: " for Camp Safety", " Without Borders", " United". */
export const GROUP_NAMED_AFTER = /^(?:\s+(?:for|of|without|against|on|in|and)\s+|\s+)(?:\p{Lu}[\p{L}'’-]*)(?:\s+(?:(?:of|for|and|the)\s+)?\p{Lu}[\p{L}'’-]*){0,3}/u;
