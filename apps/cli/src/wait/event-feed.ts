import type { InstanceEvent } from '@berth/spec';

/** Picks the events not seen before out of each list the server answers. */
export interface EventFeed {
  /** The events of `items` (oldest first, as the server lists them) that are new, in order. */
  fresh(items: readonly InstanceEvent[]): InstanceEvent[];
}

const keyOf = (e: InstanceEvent) => JSON.stringify([e.time, e.source, e.node, e.reason, e.message]);

/**
 * Tells new events from ones already shown, across polls of `GET …/events` (which answers
 * the newest N, oldest first). Two identical events (same time, node, reason and
 * message) count as two. Events older than `since` (an ISO time) are never new: the
 * history before the command started. Memory stays bounded: events that slid out of
 * the server's window are forgotten.
 */
export function createEventFeed(since?: string): EventFeed {
  let seen = new Map<string, number>();
  return {
    fresh(items) {
      const counts = new Map<string, number>();
      const news: InstanceEvent[] = [];
      for (const event of items) {
        const key = keyOf(event);
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        const old = since !== undefined && Date.parse(event.time) < Date.parse(since);
        if (count > (seen.get(key) ?? 0) && !old) news.push(event);
      }
      for (const [key, count] of seen) {
        if (!counts.has(key) && items.length > 0) continue; // slid out of the window
        counts.set(key, Math.max(count, counts.get(key) ?? 0));
      }
      seen = counts;
      return news;
    },
  };
}
