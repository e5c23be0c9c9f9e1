/**
 * The server could not be reached at all: refused connection, unknown host, TLS failure,
 * reset. The message names the URL and the underlying reason; `cause` keeps the original.
 */
export class BerthConnectionError extends Error {
  override readonly name = 'BerthConnectionError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Cannot reach the Berth server at ${url}: ${reasonOf(cause)}`, { cause });
  }
}

/**
 * fetch reports network failures as `TypeError: fetch failed` and hides the reason in
 * `cause` (Node: `connect ECONNREFUSED 127.0.0.1:7700`); dig it out for the reader.
 */
function reasonOf(error: unknown): string {
  let current: unknown = error;
  let reason = 'unknown error';
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    reason = current.message || reason;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return current.message.includes(code) ? current.message : `${reason} (${code})`;
    }
    current = current.cause;
  }
  return reason;
}
