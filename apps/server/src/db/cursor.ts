import { BadRequestError } from '../errors.js';

/**
 * Opaque keyset cursors: the last key of a page, base64url-encoded. Opaque so clients do
 * not build them; keyset so pages stay stable while rows are added.
 */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** @throws BadRequestError when the cursor was not made by `encodeCursor`. */
export function decodeCursor<T extends string | number>(
  cursor: string,
  kind: 'string' | 'number',
): T {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === kind) return parsed.k as T;
  } catch {
    // fall through
  }
  throw new BadRequestError(
    'The cursor is not valid: pass back the nextCursor of a previous page',
    'invalid_cursor',
  );
}

/** Splits a fetched `limit + 1` rows into a page and the cursor of the next one. */
export function toPage<T, K extends string | number>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => K,
) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return { items, nextCursor };
}
