// Errors whose message is safe to show a user. Anything else is internal: logged with an id,
// and the user gets an apology carrying that id.

export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** The caller may not do this (not a moderator). */
export class PermissionError extends UserError {
  override readonly name = 'PermissionError';
}

/** The store cannot be reached; toggles and subscriptions say so, read-only commands go on. */
export class StoreUnavailableError extends UserError {
  override readonly name = 'StoreUnavailableError';
  constructor(cause?: unknown) {
    super('Settings are temporarily unavailable. Please try again in a minute.', { cause });
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
