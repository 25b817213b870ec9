// The neutral Reply as a Slack message: Block Kit blocks plus the plain `text` notifications show.
// Every piece of text is escaped, so nothing a user or an article says can ping (<!channel>, <@U…>),
// and every limit is kept by cutting cleanly, never by failing.
import { truncate as cutText } from '../../core/text';
import { renderText } from '../../core/render-text';
import type { Reply } from '../../core/reply';

export const LIMITS = {
  blocks: 50,
  header: 150,
  section: 3000,
  field: 2000,
  fieldsPerSection: 10,
  context: 2000,
  fallback: 3000,
} as const;

// Slack Block Kit JSON; typed loosely on purpose: only this file builds it.
export type Block = Record<string, unknown>;

export interface SlackMessage {
  readonly text: string;
  readonly blocks: Block[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Slack's three control characters, plus a zero-width space inside @channel/@here/@everyone: with
 * `<` escaped nothing can form a mention, and the break keeps plain "@here" inert even where a
 * client would link names.
 */
export function escapeText(text: string): string {
  // One pass: this runs on every string of every answer.
  return text.replace(/[&<>]|@(?=(?:channel|here|everyone)\b)/gi, (c) => ESCAPES[c] ?? '@\u200b');
}

/** Cuts escaped text to `max` characters at a word boundary, never inside an &entity;. */
export function truncate(text: string, max: number): string {
  return cutText(text, max, { keepAtLeast: 0.6, dropTail: /&[a-z]*$/ });
}

/** Only http(s) links, with the characters that would break `<url|label>` percent-encoded. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

/** A `<url|label>` link; the label is cut first so a later cut never splits the link syntax. */
function link(url: string | undefined, label: string, maxLabel = 250): string {
  const safe = safeUrl(url);
  const text = truncate(escapeText(label), maxLabel);
  return safe && safe.length < 1000 ? `<${safe}|${text.replace(/\|/g, '¦')}>` : text;
}

const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: truncate(text, max), verbatim: true });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text, LIMITS.section) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text, LIMITS.context)] });

/** Long text goes into several sections, split between paragraphs or words. */
function sections(text: string): Block[] {
  const out: Block[] = [];
  let rest = escapeText(text);
  while (rest.length > LIMITS.section) {
    const window = rest.slice(0, LIMITS.section);
    let at = window.lastIndexOf('\n\n');
    if (at < LIMITS.section / 2) at = window.search(/\s\S*$/);
    if (at < LIMITS.section / 2) at = LIMITS.section;
    const entity = /&[a-z]*$/.exec(rest.slice(0, at));
    if (entity) at = entity.index;
    out.push(section(rest.slice(0, at).trimEnd()));
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(section(rest));
  return out;
}

function bodyBlocks(reply: Reply): Block[] {
  const blocks: Block[] = [];
  if (reply.title) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(escapeText(reply.title), LIMITS.header), emoji: false } });
  }
  if (reply.url) blocks.push(context(link(reply.url, 'Read the article')));
  if (reply.text) blocks.push(...sections(reply.text));
  for (const item of reply.items ?? []) {
    const lines = [`*${link(item.url, item.title)}*`];
    if (item.meta) lines.push(truncate(escapeText(item.meta), 250));
    if (item.text) lines.push(escapeText(item.text));
    blocks.push(section(lines.join('\n')));
  }
  for (const quote of reply.quotes ?? []) {
    const speaker = quote.speaker ? escapeText(quote.speaker) : 'unattributed';
    const said = escapeText(quote.text).replace(/\n+/g, '\n&gt; ');
    blocks.push(section(`&gt; “${truncate(said, LIMITS.section - 80)}”\n— _${truncate(speaker, 60)}_`));
  }
  const fields = reply.fields ?? [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => mrkdwn(`*${escapeText(f.name)}*\n${escapeText(f.value)}`, LIMITS.field)),
    });
  }
  return blocks;
}

/** Footer and notice always survive truncation: the notice is the one thing editors require. */
function tailBlocks(reply: Reply): Block[] {
  const tail: Block[] = [];
  if (reply.footer) tail.push(context(escapeText(reply.footer)));
  if (reply.notice) tail.push(context(`:information_source: ${escapeText(reply.notice.text)} ${link(reply.notice.url, reply.notice.linkText)}`));
  return tail;
}

export function renderBlocks(reply: Reply): SlackMessage {
  let body = bodyBlocks(reply);
  const tail = tailBlocks(reply);
  if (body.length + tail.length > LIMITS.blocks) {
    const room = LIMITS.blocks - tail.length - 1;
    const hidden = body.length - room;
    body = [...body.slice(0, room), context(`…and ${hidden} more not shown.`)];
  }
  const text = truncate(escapeText(renderText(reply)), LIMITS.fallback) || ' ';
  return { text, blocks: [...body, ...tail] };
}
