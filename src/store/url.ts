// STORE_URL's own query parameter: ?namespace=NAME puts every key of this bot under NAME, so two
// bots (or environments, or test runs) can share one Redis or PostgreSQL without seeing each
// other's data. No dependencies, so config.ts can check it at start-up without loading a backend.

/** Existing data lives under this name, so leaving the parameter out keeps working. */
export const DEFAULT_STORE_NAMESPACE = 'newsroom';

// No ':' (keys are NAME:namespace:key) and nothing a shell, a URL or a Redis pattern makes awkward.
const NAMESPACE = /^[A-Za-z0-9_-]+$/;

export interface StoreLocation {
  /** The URL without the namespace parameter: what the Redis or PostgreSQL client is given. */
  readonly url: string;
  readonly namespace: string;
}

/** Splits ?namespace= off a STORE_URL, keeping every other parameter as written. Throws on a bad one. */
export function parseStoreUrl(storeUrl: string): StoreLocation {
  const hashAt = storeUrl.indexOf('#');
  const beforeHash = hashAt === -1 ? storeUrl : storeUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : storeUrl.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt === -1) return { url: storeUrl, namespace: DEFAULT_STORE_NAMESPACE };

  const kept: string[] = [];
  const found: string[] = [];
  for (const part of beforeHash.slice(queryAt + 1).split('&')) {
    if (part === '') continue;
    const [name, value = ''] = part.split('=', 2) as [string, string?];
    if (decode(name) === 'namespace') found.push(decode(value));
    else kept.push(part);
  }
  if (found.length > 1) throw new Error(`STORE_URL: namespace is given ${found.length} times; give it once`);
  const namespace = found[0] ?? DEFAULT_STORE_NAMESPACE;
  if (!NAMESPACE.test(namespace)) {
    throw new Error(`STORE_URL: namespace must be letters, digits, '-' and '_' only (got "${namespace}")`);
  }
  const base = beforeHash.slice(0, queryAt);
  return { url: `${base}${kept.length > 0 ? `?${kept.join('&')}` : ''}${hash}`, namespace };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
