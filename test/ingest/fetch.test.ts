import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchLimited } from '../../src/ingest/fetch';
import { type FeedServer, startFeedServer } from './feed-server';

const limits = { timeoutMs: 1500, maxBytes: 1024 * 1024, maxRedirects: 3 };
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('fetchLimited', () => {
  it('fetches a feed and returns its validators; sending them back gets a 304', async () => {
    const first = await fetchLimited(server.url('/city.rss.xml'), { limits });
    expect(first.status).toBe(200);
    if (first.status !== 200) return;
    expect(first.text).toContain('Riverton City Desk');
    expect(first.etag).toMatch(/^"/);
    const again = await fetchLimited(server.url('/city.rss.xml'), { limits, validators: { etag: first.etag! } });
    expect(again.status).toBe(304);
    expect(server.hits('/city.rss.xml').notModified).toBe(1);
  });

  it('follows a redirect and reports the final URL', async () => {
    const moved = await fetchLimited(server.url('/moved.xml'), { limits });
    expect(moved.url).toBe(server.url('/city.rss.xml'));
  });

  it('gives up on a redirect loop after the limit', async () => {
    await expect(fetchLimited(server.url('/loop-a'), { limits })).rejects.toThrow(/more than 3 redirects/);
    expect(server.hits('/loop-a').total + server.hits('/loop-b').total).toBe(4);
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    await expect(fetchLimited(server.url('/slow.xml'), { limits })).rejects.toThrow(new FetchError('no complete answer within 1500 ms'));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops reading a 10 MB body past the size limit', async () => {
    await expect(fetchLimited(server.url('/huge.html'), { limits })).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('decodes windows-1252 from the XML declaration', async () => {
    const result = await fetchLimited(server.url('/cafe-courier.xml'), { limits });
    expect(result.status === 200 && result.text).toContain('Café owners celebrate “best year yet”');
  });

  it('names HTTP errors and unreachable hosts in one line', async () => {
    await expect(fetchLimited(server.url('/nothing-here.xml'), { limits })).rejects.toThrow('HTTP 404 Not Found');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchLimited(`http://127.0.0.1:${port}/feed.xml`, { limits })).rejects.toThrow('cannot fetch: ECONNREFUSED');
    await expect(fetchLimited('file:///etc/passwd', { limits })).rejects.toThrow(/only http\(s\)/);
  });
});
