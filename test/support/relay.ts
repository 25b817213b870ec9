// A small TCP relay on loopback in front of a real server (Redis): cut it for an outage of real
// sockets failing, hold it for a server that stops answering (requests are kept, not lost, and
// reach the server on release, as a stalled network or a paused server delivers them), or count
// what the server sent back through it.
import { EventEmitter } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Forwards TCP to 127.0.0.1:`port` while up; while down, drops every connection and refuses new ones. */
export class Relay extends EventEmitter {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  /** Requests kept while held, in order, with the connection each goes to. */
  private readonly kept: Array<{ upstream: Socket; chunk: Buffer }> = [];
  up = true;
  held = false;
  /** Bytes the server has sent back through the relay so far. */
  received = 0;
  /** Request chunks kept since the relay was last held. */
  heldChunks = 0;
  /** What those chunks said (latin1), for waiting on a particular request. */
  private readonly heldTexts: string[] = [];

  constructor(private readonly port = 6379) {
    super();
  }

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (!this.up) return void client.destroy();
      const upstream = createConnection({ host: '127.0.0.1', port: this.port });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      upstream.on('data', (chunk: Buffer) => (this.received += chunk.length));
      client.on('data', (chunk: Buffer) => {
        if (!this.held) return void upstream.write(chunk);
        this.kept.push({ upstream, chunk });
        this.heldChunks++;
        this.heldTexts.push(chunk.toString('latin1'));
        this.emit('held', this.heldChunks);
      });
      client.on('end', () => upstream.end());
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  cut(): void {
    this.up = false;
    this.held = false;
    this.kept.length = 0;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  /** The server stops answering: requests wait in the relay (connections stay open). */
  hold(): void {
    this.held = true;
    this.heldChunks = 0;
    this.heldTexts.length = 0;
  }

  /** Resolves once `count` request chunks are being held (at once if they already are). */
  async whenHolding(count = 1): Promise<void> {
    while (this.heldChunks < count) await new Promise((resolve) => this.once('held', resolve));
  }

  /** Resolves once a held request's text matches `pattern` (a Redis command name, a SQL verb). */
  async whenHeld(pattern: RegExp): Promise<void> {
    while (!this.heldTexts.some((t) => pattern.test(t))) await new Promise((resolve) => this.once('held', resolve));
  }

  /** Forgets which requests were held so far (they stay held): the next whenHeld looks at new ones only. */
  markHeld(): void {
    this.heldTexts.length = 0;
  }

  /** The server answers again: what was held goes on, in order, then traffic flows. */
  release(): void {
    this.held = false;
    for (const { upstream, chunk } of this.kept.splice(0)) if (!upstream.destroyed) upstream.write(chunk);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
