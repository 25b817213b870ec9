// Errors whose message is safe to show a user (UserError and its kinds). Anything else is internal:
// logged with an id, and the user gets an apology carrying that id; except a store outage, which
// the dispatcher words for the command that met it.

export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** The caller may not do this (not a moderator). */
export class PermissionError extends UserError {
  override readonly name = 'PermissionError';
}

/**
 * The store cannot be reached: an outage of the infrastructure, not a mistake of the user, whatever
 * kind of data was being read or written. It carries no text for users; the dispatcher words it
 * for the command that met it (storeOutageText in ./dispatcher). Reading commands that can do
 * without the store catch it and go on.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(cause?: unknown) {
    super(cause instanceof Error ? `store unavailable: ${cause.message}` : 'store unavailable', { cause });
  }
}

/** A platform said "slow down"; retryAfterMs is how long it asked us to wait. */
export class RateLimitError extends Error {
  override readonly name = 'RateLimitError';
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited for ${retryAfterMs} ms`,
  ) {
    super(message);
  }
}

/** Posting can never succeed as things stand (deleted channel, missing permission). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** The request went out but its answer did not say what happened (timeout, 5xx): the post may be there. */
export class AmbiguousPostError extends Error {
  override readonly name = 'AmbiguousPostError';
}

/** Connection errors that mean the request never left: nothing can have been posted. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The request failed before it was sent (read from the error or its cause, as Node's fetch nests it). */
export function wasNeverSent(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return NOT_SENT.has(e?.code ?? e?.cause?.code ?? '');
}
