// A fake chat platform for the delivery benchmarks, on 127.0.0.1: it accepts at most `allowed`
// posts in any one-second window (for all callers together, as Discord's global limit does) and
// answers 429 + Retry-After beyond it, counting posts per channel. `restPoster` posts to it the way
// the real posters do when built to hand every 429 back (the wait is then the shared pacer's).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelPoster } from '../../src/core/adapter';
import { RateLimitError } from '../../src/core/errors';

export interface FakePlatform {
  readonly url: string;
  /** Posts accepted per channel. */
  readonly posts: Map<string, number>;
  /** When each accepted post arrived (performance.now()), with its channel and text. */
  readonly arrivals: Array<{ readonly at: number; readonly channel: string; readonly text: string }>;
  readonly stats: { rejected: number; firstPost: number; lastPost: number };
  close(): void;
}

export async function startFakePlatform(allowed: number): Promise<FakePlatform> {
  const accepted: number[] = []; // timestamps inside the current window
  const posts = new Map<string, number>();
  const arrivals: Array<{ at: number; channel: string; text: string }> = [];
  const stats = { rejected: 0, firstPost: 0, lastPost: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const now = performance.now();
      while (accepted.length > 0 && accepted[0]! <= now - 1000) accepted.shift();
      if (accepted.length >= allowed) {
        stats.rejected++;
        const waitMs = Math.max(1, Math.ceil(accepted[0]! + 1000 - now));
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(waitMs / 1000)) });
        res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: waitMs / 1000, global: true }));
        return;
      }
      accepted.push(now);
      const channel = decodeURIComponent(req.url!.split('/')[2]!);
      posts.set(channel, (posts.get(channel) ?? 0) + 1);
      arrivals.push({ at: now, channel, text: (JSON.parse(body) as { content?: string }).content ?? '' });
      stats.firstPost ||= now;
      stats.lastPost = now;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: String(arrivals.length), channel_id: channel, length: body.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, arrivals, stats, close: () => server.close() };
}

export function restPoster(base: string): ChannelPoster {
  return {
    async post(channelId, reply, options) {
      const res = await fetch(`${base}/channels/${encodeURIComponent(channelId)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: reply.title ?? reply.text, nonce: options?.mark?.id, enforce_nonce: true, allowed_mentions: { parse: [] } }),
        ...(options?.signal && { signal: options.signal }),
      });
      const answer = (await res.json()) as { retry_after?: number };
      if (res.status === 429) throw new RateLimitError(Math.ceil((answer.retry_after ?? 1) * 1000));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  };
}
