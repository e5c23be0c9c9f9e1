import { BerthApiError, BerthConnectionError } from '@berth/client';

/** Whether the server answered 404. */
export function isNotFound(error: unknown): boolean {
  return error instanceof BerthApiError && error.status === 404;
}

/**
 * Whether a poll may simply be tried again: the server could not be reached, failed
 * (5xx) or asked to slow down (429). Anything else is an answer to act on.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof BerthConnectionError) return true;
  return error instanceof BerthApiError && (error.status >= 500 || error.status === 429);
}
