// A loopback HTTP server for the feed tests: serves test/fixtures/feeds ({{BASE}} replaced by its own
// address) with ETag/Last-Modified, plus the bad cases: a feed that hangs, a redirect loop, a
// 10 MB page streamed without a length, a moved feed. Routes can be replaced mid-test.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'feeds');

interface Route {
  readonly body: Buffer;
  readonly type: string;
}

export interface FeedServer {
  readonly base: string;
  url(path: string): string;
  /** Replaces (or adds) what a path serves; text gets {{BASE}} replaced. */
  set(path: string, body: string | Buffer, type?: string): void;
  /** Requests per path, and how many were answered 304. */
  hits(path: string): { total: number; notModified: number };
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { xml: 'application/rss+xml', html: 'text/html; charset=utf-8' };

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, { total: number; notModified: number }>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const count = counts.get(path) ?? { total: 0, notModified: 0 };
    counts.set(path, count);
    count.total++;
    if (path === '/slow.xml') return; // never answers: the poller's timeout must end it
    if (path === '/loop-a' || path === '/loop-b') return redirect(res, path === '/loop-a' ? '/loop-b' : '/loop-a');
    if (path === '/moved.xml') return redirect(res, '/city.rss.xml');
    if (path === '/huge.html' || path === '/huge.xml') return streamHuge(res);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(route.body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      count.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type, etag, 'last-modified': 'Fri, 03 May 2024 12:00:00 GMT' }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const withBase = (body: Buffer) => Buffer.from(body.toString('latin1').replaceAll('{{BASE}}', base), 'latin1');
  const set = (path: string, body: string | Buffer, type?: string) => {
    const ext = path.split('.').pop() ?? '';
    routes.set(path, { body: withBase(typeof body === 'string' ? Buffer.from(body) : body), type: type ?? TYPES[ext] ?? 'text/plain' });
  };
  for (const name of ['city.rss.xml', 'valley-wire.atom.xml', 'metro-briefs.rss.xml', 'broken.rss.xml']) set(`/${name}`, readFileSync(join(FIXTURES, name)));
  // No charset in the header: the XML declaration (windows-1252) must be honoured.
  set('/cafe-courier.xml', readFileSync(join(FIXTURES, 'cafe-courier.cp1252.xml')), 'text/xml');
  for (const name of ['kim-jong-un.html', 'teachers.html']) set(`/pages/${name}`, readFileSync(join(FIXTURES, 'pages', name)));
  return {
    base,
    url: (path) => `${base}${path}`,
    set,
    hits: (path) => ({ ...(counts.get(path) ?? { total: 0, notModified: 0 }) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(302, { location: to }).end();
}

/** 10 MB of paragraphs, chunked (no Content-Length), so the limit must be enforced while reading. */
function streamHuge(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  const chunk = Buffer.from('<p>stadium drawings and more stadium drawings</p>\n'.repeat(1000));
  let sent = 0;
  const pump = () => {
    while (sent < 10 * 1024 * 1024) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('error', () => undefined);
  pump();
}
