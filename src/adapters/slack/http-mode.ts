// HTTP mode: our own server in front of Bolt's HTTPReceiver. Bolt still verifies the signature,
// parses the body and acks; before it sees a request we add what it lacks: a body size limit, a
// timestamp window that also refuses the future, and the `; charset=utf-8` form type it rejects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HTTPReceiver } from '@slack/bolt';
import type { Clock, Logger } from '../../core/context';
import type { OpsRoute } from '../../ops/server';

export const EVENTS_PATH = '/slack/events';
/** Slack's slash command and interaction bodies are a few kB; nothing legitimate comes near this. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Slack's own rule: a request more than five minutes from our clock is a replay. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface HttpModeOptions {
  readonly receiver: HTTPReceiver;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
  /** Health and metrics routes served beside /slack/events when no OPS_PORT is set. */
  readonly routes?: readonly OpsRoute[];
}

function end(res: ServerResponse, status: number, body = ''): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

// Reading a body under a cap is a dozen lines; raw-body would be a new direct dependency for it.
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export class SlackHttpServer {
  private server: Server | undefined;

  constructor(private readonly options: HttpModeOptions) {}

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  private refuse(res: ServerResponse, status: number, why: string, req: IncomingMessage): void {
    this.options.logger.warn({ status, why, remote: req.socket.remoteAddress }, 'refused a Slack request');
    end(res, status);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const route = this.options.routes?.find((r) => r.path === path && r.method.includes(req.method ?? 'GET'));
    if (route) return route.handler(req, res);
    if (path === '/healthz' && req.method === 'GET') return end(res, 200, 'ok');
    if (path !== EVENTS_PATH) return end(res, 404);
    if (req.method !== 'POST') return end(res, 405);
    const limit = this.options.maxBodyBytes ?? MAX_BODY_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.setHeader('connection', 'close');
      return this.refuse(res, 413, 'body too large', req);
    }
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const now = Math.floor(this.options.clock.now().getTime() / 1000);
    if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
      req.resume();
      return this.refuse(res, 401, 'missing, stale or future timestamp', req);
    }
    const body = await readBody(req, limit);
    if (!body) {
      res.setHeader('connection', 'close');
      return this.refuse(res, 413, 'body too large', req);
    }
    // Bolt compares the content type as an exact string; Slack's parameters change nothing here.
    const type = req.headers['content-type'];
    if (type && /^application\/x-www-form-urlencoded\s*;/i.test(type)) {
      req.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    // Bolt reuses a body already read (BufferedIncomingMessage) instead of reading the stream again.
    Object.assign(req, { rawBody: body });
    this.options.receiver.requestListener(req, res);
  }

  async start(port: number, host?: string): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'Slack request failed before reaching the app');
        if (!res.headersSent) end(res, 500);
      });
    });
    // Slack keeps connections open between requests; outlive its idle time so they are reused.
    server.keepAliveTimeout = 65_000;
    // Slack sends a whole request at once; a client trickling one in is holding a socket hostage.
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
