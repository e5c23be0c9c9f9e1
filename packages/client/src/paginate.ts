/** A page of a list, as every list endpoint answers. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a list starts and how many items one request may return (the server caps it at 500). */
export interface PageOptions {
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** Fetches one page; `paginate` calls it with the cursor of the page before. */
export type FetchPage<T> = (options: PageOptions) => Promise<Page<T>>;

/** Where to start reading and how many items to read at most (all when unset). */
export interface ReadOptions {
  cursor?: string | undefined;
  maxItems?: number | undefined;
}

const maxPageSize = 500;

/**
 * Iterates over every item of a list, requesting page after page until the server says
 * there is no more (or `maxItems` have been yielded). Pages are fetched lazily, so
 * breaking out of the loop stops the requests.
 * @example for await (const t of paginate((p) => client.tokens.list(p))) console.log(t.name)
 */
export async function* paginate<T>(
  fetchPage: FetchPage<T>,
  options: ReadOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of pagesOf(fetchPage, options)) yield* page.items;
}

/**
 * Reads a list into one page of at most `maxItems` items (all when unset), fetching as
 * many pages as that takes. `nextCursor` continues where the result stops, or is null
 * when the list was read to its end.
 */
export async function collectPages<T>(
  fetchPage: FetchPage<T>,
  options: ReadOptions = {},
): Promise<Page<T>> {
  const items: T[] = [];
  let nextCursor: string | null = null;
  for await (const page of pagesOf(fetchPage, options)) {
    items.push(...page.items);
    nextCursor = page.nextCursor;
  }
  return { items, nextCursor };
}

// Asking for exactly the items still wanted keeps the last page's cursor exact.
async function* pagesOf<T>(fetchPage: FetchPage<T>, options: ReadOptions) {
  let cursor = options.cursor;
  let remaining = options.maxItems ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    const page = await fetchPage({ cursor, limit: Math.min(maxPageSize, remaining) });
    const items = page.items.slice(0, remaining);
    remaining -= items.length;
    const last = page.nextCursor === null || page.items.length === 0;
    yield { items, nextCursor: last ? null : page.nextCursor };
    if (last) return;
    cursor = page.nextCursor ?? undefined;
  }
}
