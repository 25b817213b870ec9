// A write whose answer never came may still have been applied: the store call gave up (its time
// limit, a dropped connection) after the request left. Such a write is never reported as failed;
// it is read back, and is either confirmed or reported as unknown. Only a write that cannot have
// left (a refused connection, a client that was offline) is a plain failure.
import { StoreUnavailableError, wasNeverSent } from '../core/errors';

/** Redis client errors raised before a command is written to the socket (disableOfflineQueue). */
const NEVER_SENT_NAMES = new Set(['ClientOfflineError', 'ClientClosedError', 'ConnectionTimeoutError']);
const NEVER_SENT_MESSAGES = new Set(['The client is offline', 'The client is closed', 'Connection timeout']);

/** False only when the failed call provably never reached the store; otherwise it may have been applied. */
export function mayHaveApplied(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    if (wasNeverSent(e) || NEVER_SENT_NAMES.has(e.constructor.name) || NEVER_SENT_MESSAGES.has(e.message)) return false;
    // A connect() refused before any command went out is reported as an AggregateError by Node.
    if (e instanceof AggregateError && e.errors.length > 0 && e.errors.every((inner) => !mayHaveApplied(inner))) return false;
  }
  return true;
}

/** 'saved': the store answered, or a read-back shows the value; 'unknown': it may or may not be there. */
export type WriteOutcome = 'saved' | 'unknown';

/**
 * Runs `write`. When the store fails in a way that may have applied it, `isApplied` reads it back:
 * true confirms it. A read-back that fails, or that does not show the value yet (the write may still
 * land: a pool may run the read first), leaves it 'unknown'. Throws the write's error only when the
 * write cannot have been applied, or is not a store outage at all.
 */
export async function confirmedWrite(write: () => Promise<unknown>, isApplied: () => Promise<boolean>): Promise<WriteOutcome> {
  try {
    await write();
    return 'saved';
  } catch (error) {
    if (!(error instanceof StoreUnavailableError) || !mayHaveApplied(error)) throw error;
    const applied = await isApplied().catch(() => false);
    return applied ? 'saved' : 'unknown';
  }
}
