// Fetching a feed or a page under limits: a deadline for the whole answer (headers and body), a
// byte limit enforced while streaming, and redirects followed by hand so they can be counted.
// Every hop connects through an AddressGuard, so no URL or redirect reaches a private address.
import { fetch } from 'undici';
import { AddressGuard, PrivateAddressError } from './address-guard';
import { decodeText } from './decode';

export interface FetchLimits {
  /** The whole exchange, body included. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

/** Validators from the last answer, sent back so an unchanged feed costs a 304. */
export interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type Fetched =
  | { readonly status: 304; readonly url: string }
  | (Validators & { readonly status: 200; readonly url: string; readonly text: string; readonly contentType: string });

/** Why a fetch failed, in one line fit for a log or `/feeds list`. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
}

export interface FetchOptions {
  readonly limits?: FetchLimits;
  readonly validators?: Validators;
  /** Aborts the fetch early (the poller stopping). */
  readonly signal?: AbortSignal;
  readonly accept?: string;
  /** Where connections may go; without one, a guard for this fetch alone that refuses private addresses. */
  readonly guard?: AddressGuard;
}

const USER_AGENT = 'NewsroomBot/0.1 (+feeds)';

async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError(`response larger than ${maxBytes} bytes; stopped reading`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** The guard's refusal, however deep undici wrapped it. */
function refusal(error: unknown): PrivateAddressError | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof PrivateAddressError) return e;
  return undefined;
}

export async function fetchLimited(url: string, options: FetchOptions = {}): Promise<Fetched> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FetchError(`no complete answer within ${limits.timeoutMs} ms`)), limits.timeoutMs);
  const stop = () => controller.abort(new FetchError('stopped'));
  options.signal?.addEventListener('abort', stop, { once: true });
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: options.accept ?? '*/*' };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  const guard = options.guard ?? new AddressGuard();
  try {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new FetchError(`not a URL: ${url.slice(0, 100)}`);
    }
    for (let hops = 0; ; hops++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new FetchError(`only http(s) URLs can be fetched, not ${current.protocol}`);
      const response = await fetch(current, { redirect: 'manual', signal: controller.signal, headers, dispatcher: guard.dispatcher });
      const { status } = response;
      if (status >= 300 && status < 400 && status !== 304) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) throw new FetchError(`HTTP ${status} redirect without a Location`);
        if (hops >= limits.maxRedirects) throw new FetchError(`more than ${limits.maxRedirects} redirects (redirect loop?)`);
        current = new URL(location, current);
        continue;
      }
      if (status === 304) {
        await response.body?.cancel().catch(() => undefined);
        return { status: 304, url: current.href };
      }
      if (status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw new FetchError(`HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`);
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > limits.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new FetchError(`response larger than ${limits.maxBytes} bytes (${declared} announced)`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      const bytes = await readLimited(response.body, limits.maxBytes);
      const etag = response.headers.get('etag') ?? undefined;
      const lastModified = response.headers.get('last-modified') ?? undefined;
      return {
        status: 200,
        url: current.href,
        text: decodeText(bytes, contentType),
        contentType,
        ...(etag && { etag }),
        ...(lastModified && { lastModified }),
      };
    }
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof FetchError) throw controller.signal.reason;
    const refused = refusal(error);
    if (refused) throw new FetchError(refused.message);
    if (error instanceof Error && error.name !== 'TypeError') throw error;
    throw new FetchError(`cannot fetch: ${describe(error)}`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    if (!options.guard) await guard.close().catch(() => undefined);
  }
}
