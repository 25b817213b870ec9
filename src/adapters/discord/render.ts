// A neutral Reply as a Discord message: a short plain answer as content, anything richer as one
// embed. Discord rejects a message over its limits outright, so everything is cut to fit here.
import { truncate } from '../../core/text';
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply, ReplyNotice } from '../../core/reply';

export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** Sum of title, description, field names and values, footer text across a message's embeds. */
  total: 6000,
} as const;

/** Newsroom blue, so answers are recognisable in a busy channel. */
const EMBED_COLOR = 0x1f5fa6;
const EMPTY = '\u200b';

/** The platform-neutral part of a message; callers add flags and allowed mentions their own way. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly ephemeral: boolean;
}


/** Whole lines while they fit, then a line saying how many were left out. */
function fitLines(lines: readonly string[], max: number, what: string): string {
  let out = '';
  for (const [i, line] of lines.entries()) {
    const candidate = out ? `${out}\n${line}` : line;
    const left = lines.length - i - 1;
    // Room is kept for the "…and N more" line, so it always fits after the last line kept.
    const tail = left > 0 ? `\n…and ${left} more ${what}` : '';
    if (candidate.length + tail.length > max) {
      return out ? `${out}\n…and ${lines.length - i} more ${what}` : truncate(line, max);
    }
    out = candidate;
  }
  return out;
}

function field(name: string, value: string): APIEmbedField {
  return { name: truncate(name.trim() || EMPTY, DISCORD_LIMITS.fieldName), value: truncate(value.trim() || EMPTY, DISCORD_LIMITS.fieldValue) };
}

/** The COVID-19 notice keeps its link whole: the words shorten if anything must. */
function noticeField(notice: ReplyNotice): APIEmbedField {
  const link = `[${notice.linkText}](${notice.url})`;
  const room = DISCORD_LIMITS.fieldValue - link.length - 1;
  const value = room > 20 ? `${truncate(notice.text, room)} ${link}` : truncate(`${notice.text} ${notice.url}`, DISCORD_LIMITS.fieldValue);
  return { name: 'COVID-19', value };
}

const size = (f: APIEmbedField) => f.name.length + f.value.length;

function isPlain(reply: Reply): boolean {
  return !reply.title && !reply.url && !reply.fields?.length && !reply.items?.length && !reply.quotes?.length && !reply.notice && !reply.footer;
}

/** A message body as Discord's API takes it (interaction callbacks, webhooks, channel posts). */
export interface WireMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  /** Nothing the bot posts can ping. */
  readonly allowed_mentions: { readonly parse: [] };
  readonly flags?: number;
}

const EPHEMERAL_FLAG = 1 << 6;

/** `ephemeral: false` for channel posts, where a private message has no meaning. */
export function wireMessage(reply: Reply, options: { ephemeral?: boolean } = {}): WireMessage {
  const { content, embeds, ephemeral } = renderMessage(reply);
  return {
    ...(content !== undefined && { content }),
    embeds,
    allowed_mentions: { parse: [] },
    ...((options.ephemeral ?? ephemeral) && { flags: EPHEMERAL_FLAG }),
  };
}

export function renderMessage(reply: Reply): DiscordMessage {
  const ephemeral = reply.visibility === 'ephemeral';
  const text = reply.text?.trim() ?? '';
  if (isPlain(reply) && text.length <= DISCORD_LIMITS.content) return { content: text || 'Done.', embeds: [], ephemeral };
  return { embeds: [renderEmbed(reply)], ephemeral };
}

export function renderEmbed(reply: Reply): APIEmbed {
  const title = reply.title ? truncate(reply.title, DISCORD_LIMITS.title) : undefined;
  const footer = reply.footer ? truncate(reply.footer, DISCORD_LIMITS.footer) : undefined;
  const notice = reply.notice ? noticeField(reply.notice) : undefined;

  const quoteLines = (reply.quotes ?? []).map((q) => `> “${q.text}” — **${q.speaker ?? 'unattributed'}**`);
  const body = [reply.text?.trim() ?? '', quoteLines.length > 0 ? fitLines(quoteLines, DISCORD_LIMITS.description, 'quotes') : '']
    .filter(Boolean)
    .join('\n\n');

  const wanted: APIEmbedField[] = [
    ...(reply.items ?? []).map((item) => field(item.title, [item.meta, item.text, item.url && `[Read the article](${item.url})`].filter(Boolean).join('\n'))),
    ...(reply.fields ?? []).map((f) => field(f.name, f.value)),
  ];
  const room = DISCORD_LIMITS.fields - (notice ? 1 : 0);
  let fields = wanted.slice(0, room);
  if (wanted.length > room) fields = [...wanted.slice(0, room - 1), field(EMPTY, `…and ${wanted.length - room + 1} more`)];

  // The notice, title and footer always stay; fields go from the end before the text is starved.
  const fixed = (title?.length ?? 0) + (footer?.length ?? 0) + (notice ? size(notice) : 0);
  const fieldsSize = () => fields.reduce((sum, f) => sum + size(f), 0);
  const textWanted = Math.min(body.length, 1000);
  while (fields.length > 0 && fixed + fieldsSize() + textWanted > DISCORD_LIMITS.total) fields.pop();
  const descriptionRoom = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - fixed - fieldsSize());
  const description = body ? truncate(body, Math.max(descriptionRoom, 0)) : '';

  return {
    color: EMBED_COLOR,
    ...(title && { title }),
    ...(reply.url && { url: reply.url }),
    ...(description && { description }),
    ...((fields.length > 0 || notice) && { fields: notice ? [...fields, notice] : fields }),
    ...(footer && { footer: { text: footer } }),
  };
}

/** Characters Discord counts towards the 6000 total of an embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}
