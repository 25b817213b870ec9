import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard } from '../../src/ingest/address-guard';
import { FetchError, fetchLimited } from '../../src/ingest/fetch';
import { type FeedServer, startFeedServer } from './feed-server';

const limits = { timeoutMs: 1500, maxBytes: 1024 * 1024, maxRedirects: 3 };
// The fixture server is on loopback: the limits are tested with private addresses allowed.
const allowPrivate = new AddressGuard({ allowPrivate: true });
const open = { limits, guard: allowPrivate };
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await allowPrivate.close();
  await server.close();
});

describe('fetchLimited', () => {
  it('fetches a feed and returns its validators; sending them back gets a 304', async () => {
    const first = await fetchLimited(server.url('/city.rss.xml'), open);
    expect(first.status).toBe(200);
    if (first.status !== 200) return;
    expect(first.text).toContain('Riverton City Desk');
    expect(first.etag).toMatch(/^"/);
    const again = await fetchLimited(server.url('/city.rss.xml'), { ...open, validators: { etag: first.etag! } });
    expect(again.status).toBe(304);
    expect(server.hits('/city.rss.xml').notModified).toBe(1);
  });

  it('follows a redirect and reports the final URL', async () => {
    const moved = await fetchLimited(server.url('/moved.xml'), open);
    expect(moved.url).toBe(server.url('/city.rss.xml'));
  });

  it('gives up on a redirect loop after the limit', async () => {
    await expect(fetchLimited(server.url('/loop-a'), open)).rejects.toThrow(/more than 3 redirects/);
    expect(server.hits('/loop-a').total + server.hits('/loop-b').total).toBe(4);
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    await expect(fetchLimited(server.url('/slow.xml'), open)).rejects.toThrow(new FetchError('no complete answer within 1500 ms'));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops reading a 10 MB body past the size limit', async () => {
    await expect(fetchLimited(server.url('/huge.html'), open)).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('decodes windows-1252 from the XML declaration', async () => {
    const result = await fetchLimited(server.url('/cafe-courier.xml'), open);
    expect(result.status === 200 && result.text).toContain('Café owners celebrate “best year yet”');
  });

  it('names HTTP errors and unreachable hosts in one line', async () => {
    await expect(fetchLimited(server.url('/nothing-here.xml'), open)).rejects.toThrow('HTTP 404 Not Found');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchLimited(`http://127.0.0.1:${port}/feed.xml`, open)).rejects.toThrow('cannot fetch: ECONNREFUSED');
    await expect(fetchLimited('file:///etc/passwd', open)).rejects.toThrow(/only http\(s\)/);
  });
});

const REFUSED = '127.0.0.1 is a private or local address; set FEEDS_ALLOW_PRIVATE=true to fetch from it';

/**
 * A server on 127.0.0.2 standing in for a public news site: the guard is told to trust that one
 * address, and the names below resolve to it, so everything else about the guard is the real one.
 */
async function startPublicStandIn(feedServer: FeedServer): Promise<{ server: Server; port: number }> {
  const standIn = createHttpServer((req, res) => {
    // connection: close, so every fetch dials (and is checked) anew.
    const headers = { connection: 'close' };
    if (req.url === '/feed.xml') return void res.writeHead(302, { ...headers, location: '/real-feed.xml' }).end();
    if (req.url === '/real-feed.xml') return void res.writeHead(200, { ...headers, 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Stand-in</title></channel></rss>');
    if (req.url === '/to-loopback') return void res.writeHead(302, { ...headers, location: feedServer.url('/city.rss.xml') }).end();
    if (req.url === '/to-localhost') return void res.writeHead(302, { ...headers, location: feedServer.url('/city.rss.xml').replace('127.0.0.1', 'localhost') }).end();
    if (req.url === '/to-metadata') return void res.writeHead(302, { ...headers, location: 'http://169.254.169.254/latest/meta-data/' }).end();
    res.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.2', resolve));
  return { server: standIn, port: (standIn.address() as { port: number }).port };
}

/** dns.lookup, except for names the test gives an address of its own. */
function lookupWith(names: Record<string, () => string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = names[hostname]?.();
    if (!address) return dnsLookup(hostname, options, callback);
    const found: LookupAddress = { address, family: 4 };
    if (options.all) callback(null, [found]);
    else callback(null, address, 4);
  };
}

describe('the private-address guard', () => {
  let standIn: { server: Server; port: number };
  beforeAll(async () => {
    standIn = await startPublicStandIn(server);
  });
  afterAll(() => new Promise<void>((resolve) => standIn.server.close(() => resolve())));

  it('refuses a loopback URL by default, in one clear line, and the server is never asked', async () => {
    const before = server.hits('/city.rss.xml').total;
    const refused = await fetchLimited(server.url('/city.rss.xml'), { limits }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FetchError);
    expect(String(refused)).toBe(`FetchError: ${REFUSED}`);
    await expect(fetchLimited(`http://[::1]:${new URL(server.base).port}/`, { limits })).rejects.toThrow('::1 is a private or local address');
    await expect(fetchLimited('http://169.254.169.254/latest/meta-data/', { limits })).rejects.toThrow('169.254.169.254 is a private or local address');
    expect(server.hits('/city.rss.xml').total).toBe(before);
  });

  it('refuses a host name that resolves to loopback (localhost)', async () => {
    const port = new URL(server.base).port;
    await expect(fetchLimited(`http://localhost:${port}/city.rss.xml`, { limits })).rejects.toThrow(
      new FetchError('localhost resolves to 127.0.0.1, a private or local address; set FEEDS_ALLOW_PRIVATE=true to fetch from it'),
    );
  });

  it('checks every redirect hop: a public feed that redirects to loopback is refused', async () => {
    const guard = new AddressGuard({ trusted: ['127.0.0.2'], lookup: lookupWith({ 'news.example.test': () => '127.0.0.2' }) });
    const site = `http://news.example.test:${standIn.port}`;
    try {
      // A redirect between public pages is followed as before.
      const fine = await fetchLimited(`${site}/feed.xml`, { limits, guard });
      expect(fine).toMatchObject({ status: 200, url: `${site}/real-feed.xml` });
      const before = server.hits('/city.rss.xml').total;
      await expect(fetchLimited(`${site}/to-loopback`, { limits, guard })).rejects.toThrow(new FetchError(REFUSED));
      await expect(fetchLimited(`${site}/to-localhost`, { limits, guard })).rejects.toThrow(/^localhost resolves to 127\.0\.0\.1, a private or local address/);
      await expect(fetchLimited(`${site}/to-metadata`, { limits, guard })).rejects.toThrow('169.254.169.254 is a private or local address');
      expect(server.hits('/city.rss.xml').total).toBe(before);
    } finally {
      await guard.close();
    }
  });

  it('checks when connecting: a name that turns private after a public answer (DNS rebinding) is refused', async () => {
    let answers = 0;
    const guard = new AddressGuard({ trusted: ['127.0.0.2'], lookup: lookupWith({ 'rebind.example.test': () => (answers++ === 0 ? '127.0.0.2' : '127.0.0.1') }) });
    const url = `http://rebind.example.test:${standIn.port}/real-feed.xml`;
    try {
      expect(await fetchLimited(url, { limits, guard })).toMatchObject({ status: 200 });
      await expect(fetchLimited(url, { limits, guard })).rejects.toThrow('rebind.example.test resolves to 127.0.0.1, a private or local address');
    } finally {
      await guard.close();
    }
  });

  it('with allowPrivate, fetches what it refused before', async () => {
    const port = new URL(server.base).port;
    expect(await fetchLimited(server.url('/city.rss.xml'), open)).toMatchObject({ status: 200 });
    expect(await fetchLimited(`http://localhost:${port}/city.rss.xml`, open)).toMatchObject({ status: 200 });
  });
});
