// A small TCP relay on loopback in front of a real server (Redis): cut it for an outage of real
// sockets failing, or count what the server sent back through it.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Forwards TCP to 127.0.0.1:`port` while up; while down, drops every connection and refuses new ones. */
export class Relay {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  up = true;
  /** Bytes the server has sent back through the relay so far. */
  received = 0;

  constructor(private readonly port = 6379) {}

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
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
