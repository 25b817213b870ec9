// @keyv/postgres with a pool of our own. The adapter's own pool lives in a module variable shared by
// every store on the same URL (closing one closes the others), and it has no 'error' listener, so a
// PostgreSQL restart while a client sits idle throws an uncaught error that ends the process.
import KeyvPostgres from '@keyv/postgres';
import pg from 'pg';
import type { Logger } from '../core/context';

export class PostgresAdapter extends KeyvPostgres {
  // `declare`: no field initializer, which would run after super() and wipe what connect() set.
  declare private ownPool: pg.Pool | undefined;
  declare private onPoolError: ((error: Error) => void) | undefined;

  constructor(uri: string, logger?: Logger) {
    // The base constructor calls connect() before this body runs; the pool reads the listener late.
    super({ uri });
    this.onPoolError = (error) => logger?.warn({ err: error }, 'PostgreSQL connection lost; it will reconnect on the next query');
  }

  override async connect(): Promise<(sql: string, values?: unknown[]) => Promise<any[]>> {
    const pool = new pg.Pool({ connectionString: this.opts.uri, connectionTimeoutMillis: 2000, max: 10, application_name: 'newsroom-bot' });
    // An idle client's error (server restart, network drop) must not become an uncaught exception.
    pool.on('error', (error) => this.onPoolError?.(error));
    this.ownPool = pool;
    return async (sql, values) => (await pool.query(sql, values)).rows;
  }

  override async disconnect(): Promise<void> {
    await this.ownPool?.end();
  }
}
