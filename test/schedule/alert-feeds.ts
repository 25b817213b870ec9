// Feeds for the live-alert tests: RSS documents whose items the wire files as distinct stories.

export interface Item {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly tags?: readonly string[];
  /** Words of body text (a long feed keeps its items short). */
  readonly words?: number;
}

// Words for bodies no two items share much of (the wire merges near-identical text).
const LEXICON = 'harbor council budget river school farmer vaccine tariff election bridge court museum transit drought festival factory senator library wildfire pension airport minister border election satellite orchestra glacier parliament refinery hospital union stadium ferry clinic vineyard census tunnel'.split(' ');
function body(seed: string, length = 120): string {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    words.push(LEXICON[h % LEXICON.length]!);
  }
  const sentences = [];
  for (let i = 0; i < words.length; i += 12) sentences.push(`The ${words.slice(i, i + 12).join(' ')} report ${seed} said officials.`);
  return sentences.map((s) => `<p>${s}</p>`).join('');
}

export function rss(title: string, items: readonly Item[]): string {
  const entries = items.map(
    (i) => `<item><title>${i.title}</title><link>{{BASE}}/story/${i.id}</link><guid isPermaLink="false">${i.id}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate>${(i.tags ?? []).map((t) => `<category>${t}</category>`).join('')}<description>${i.title}.</description><content:encoded><![CDATA[${body(i.id, i.words)}]]></content:encoded></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title><link>{{BASE}}/</link>${entries.join('')}</channel></rss>`;
}
