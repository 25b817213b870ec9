// The one place that turns the configuration into an Archive. With only STORE_URL set the archive
// follows the store: a SQLite store keeps its archive in a file beside the store's, a PostgreSQL
// store keeps it in the same database (tables named after the store's namespace), a Redis store
// in a SQLite file under data/ (Redis has no full-text index to offer), memory:// in memory.
// ARCHIVE_URL overrides that: sqlite://path, postgres://..., or memory://.
import { basename, dirname, extname, join } from 'node:path';
import { canonicalUrl } from '../ingest/identity';
import type { Archive } from '../newsroom/archive';
import { sqlitePath } from '../store/open';
import { parseStoreUrl } from '../store/url';

/** Where the archive lives for this configuration (an explicit ARCHIVE_URL wins). */
export function archiveUrlFor(storeUrl: string, archiveUrl?: string): string {
  if (archiveUrl) return archiveUrl;
  const { url, namespace } = parseStoreUrl(storeUrl);
  const scheme = url.split(':', 1)[0];
  if (scheme === 'sqlite') {
    const file = sqlitePath(url);
    const ext = extname(file);
    return `sqlite://${join(dirname(file), `${basename(file, ext)}.archive${ext || '.sqlite'}`)}`;
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return storeUrl;
  if (scheme === 'memory') return 'memory://';
  return `sqlite://${join('data', `${namespace}.archive.sqlite`)}`;
}

export async function openArchive(url: string): Promise<Archive> {
  const scheme = url.split(':', 1)[0];
  switch (scheme) {
    case 'memory': {
      const { SqliteArchive } = await import('./sqlite');
      return SqliteArchive.open(':memory:', canonicalUrl);
    }
    case 'sqlite': {
      const { SqliteArchive } = await import('./sqlite');
      return SqliteArchive.open(sqlitePath(url), canonicalUrl);
    }
    case 'postgres':
    case 'postgresql': {
      const { url: plain, namespace } = parseStoreUrl(url);
      const { PostgresArchive } = await import('./postgres');
      return PostgresArchive.open(plain, namespace, canonicalUrl);
    }
    default:
      throw new Error(`ARCHIVE_URL: unsupported scheme "${scheme}" (use sqlite://, postgres:// or memory://)`);
  }
}
