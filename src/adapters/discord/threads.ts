// Threads on Discord for live alerts routed with thread:yes: what a thread is called, and where a
// route made from some channel posts its threads. Slash commands cannot be run in a forum channel
// itself, so a route to a forum is made from inside one of its posts (a thread whose parent is
// the forum): the adapter says so on the Invocation, and the commands stay platform-neutral.
import { type APIChannel, ChannelFlags, ChannelType, type Client, Routes } from 'discord.js';
import type { ThreadPlace } from '../../core/context';
import { UserError } from '../../core/errors';
import { truncate } from '../../core/text';

/** Discord's limit on a thread's name. */
const THREAD_NAME_LIMIT = 100;

/** Channels where a thread can be started on a message. */
const MESSAGE_CHANNELS: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
/** Channels whose every post is a thread of its own. */
const FORUM_CHANNELS: ReadonlySet<ChannelType> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);
const THREADS: ReadonlySet<ChannelType> = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

/**
 * A story's title as a thread name: one line, within the limit. A name pings nobody, but it is
 * shown where mentions are read, so "@everyone" and mention syntax are made inert anyway.
 */
export function threadName(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim().replace(/@(everyone|here)/g, '@\u200b$1').replace(/<([@#&!])/g, '<\u200b$1');
  return truncate(line || 'News', THREAD_NAME_LIMIT);
}

interface ChannelFacts {
  readonly type: ChannelType;
  readonly parentId: string | null;
  /** Channel flags (a forum's REQUIRE_TAG). */
  readonly flags: number;
}

/** From the cache (the Guilds intent keeps a server's channels and active threads), else from REST. */
async function factsOf(client: Client, id: string): Promise<ChannelFacts> {
  const cached = client.channels.cache.get(id);
  if (cached) return { type: cached.type, parentId: 'parentId' in cached ? cached.parentId : null, flags: 'flags' in cached ? (cached.flags?.bitfield ?? 0) : 0 };
  const raw = (await client.rest.get(Routes.channel(id))) as APIChannel;
  return { type: raw.type, parentId: 'parent_id' in raw ? (raw.parent_id ?? null) : null, flags: raw.flags ?? 0 };
}

/**
 * Where thread:yes alerts go for a route made in `channelId`: a text or announcement channel
 * itself (a thread started on each alert), or the forum whose post the command was typed in
 * (each alert a new post). Undefined anywhere else: threads do not nest, and DMs have none.
 * A forum whose every post would be refused is refused now, with the reason: one that requires a
 * tag (alerts carry none), and a media channel (its posts need an attachment; alerts have none).
 */
export async function threadPlaceOf(client: Client, channelId: string): Promise<ThreadPlace | undefined> {
  let forumId: string;
  let parent: ChannelFacts;
  try {
    const here = await factsOf(client, channelId);
    if (MESSAGE_CHANNELS.has(here.type)) return { channelId, forum: false };
    if (!THREADS.has(here.type) || !here.parentId) return undefined;
    forumId = here.parentId;
    parent = await factsOf(client, forumId);
  } catch (error) {
    throw new UserError('Discord did not say what kind of channel this is; try again in a minute.', { cause: error });
  }
  if (!FORUM_CHANNELS.has(parent.type)) return undefined;
  if (parent.type === ChannelType.GuildMedia) {
    throw new UserError('thread: yes cannot post to a media channel: its posts need an image or file, and alerts have none; use a forum or a text channel.');
  }
  if (parent.flags & ChannelFlags.RequireTag) {
    throw new UserError('thread: yes cannot post to this forum: it requires a tag on every post, and alerts carry none; turn off "Require people to select tags" in its settings, or use another forum.');
  }
  return { channelId: forumId, forum: true };
}
