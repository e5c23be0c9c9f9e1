import { describe, expect, it } from 'vitest';
import { collectPages, type Page, type PageOptions, paginate } from './paginate.js';

/** A list of `total` numbers served in pages, recording each request. */
function numbers(total: number) {
  const requests: PageOptions[] = [];
  const fetchPage = async (options: PageOptions): Promise<Page<number>> => {
    requests.push(options);
    const start = options.cursor ? Number(options.cursor) : 0;
    const end = Math.min(total, start + (options.limit ?? 100));
    const items = Array.from({ length: end - start }, (_, i) => start + i);
    return { items, nextCursor: end < total ? String(end) : null };
  };
  return { fetchPage, requests };
}

describe(paginate, () => {
  it('yields every item across pages', async () => {
    const { fetchPage, requests } = numbers(1200);
    const seen: number[] = [];
    for await (const n of paginate(fetchPage)) seen.push(n);

    expect(seen).toHaveLength(1200);
    expect(seen.at(-1)).toBe(1199);
    expect(requests.map((r) => r.cursor)).toEqual([undefined, '500', '1000']);
  });

  it('stops requesting when the loop breaks', async () => {
    const { fetchPage, requests } = numbers(1200);
    for await (const n of paginate(fetchPage)) if (n === 3) break;

    expect(requests).toHaveLength(1);
  });
});

describe(collectPages, () => {
  it('reads to the end and answers a null cursor', async () => {
    const { fetchPage } = numbers(7);
    await expect(collectPages(fetchPage)).resolves.toEqual({
      items: [0, 1, 2, 3, 4, 5, 6],
      nextCursor: null,
    });
  });

  it('stops at maxItems with a cursor that continues exactly there', async () => {
    const { fetchPage, requests } = numbers(1000);
    const first = await collectPages(fetchPage, { maxItems: 600 });
    const rest = await collectPages(fetchPage, { cursor: first.nextCursor ?? undefined });

    expect(first.items).toHaveLength(600);
    expect(requests.slice(0, 2).map((r) => r.limit)).toEqual([500, 100]);
    expect(rest.items[0]).toBe(600);
    expect(rest.items).toHaveLength(400);
  });
});
