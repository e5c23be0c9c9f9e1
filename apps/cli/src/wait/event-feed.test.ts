import { describe, expect, it } from 'vitest';
import { anEvent } from '../testing/fixtures.js';
import { createEventFeed } from './event-feed.js';

const at = (second: number, reason = 'Tick') =>
  anEvent({ time: `2025-01-01T12:00:${String(second).padStart(2, '0')}.000Z`, reason });

describe(createEventFeed, () => {
  it('answers only the events it has not seen, in order', () => {
    const feed = createEventFeed();

    expect(feed.fresh([at(1), at(2)])).toEqual([at(1), at(2)]);
    expect(feed.fresh([at(1), at(2), at(3)])).toEqual([at(3)]);
    expect(feed.fresh([at(1), at(2), at(3)])).toEqual([]);
  });

  it('counts two identical events as two', () => {
    const feed = createEventFeed();

    expect(feed.fresh([at(1)])).toEqual([at(1)]);
    expect(feed.fresh([at(1), at(1)])).toEqual([at(1)]);
  });

  it('keeps up when old events slide out of the window', () => {
    const feed = createEventFeed();
    feed.fresh([at(1), at(2), at(3)]);

    expect(feed.fresh([at(3), at(4), at(5)])).toEqual([at(4), at(5)]);
    expect(feed.fresh([at(5), at(6)])).toEqual([at(6)]);
  });

  it('never answers events from before `since`', () => {
    const feed = createEventFeed('2025-01-01T12:00:02.000Z');

    expect(feed.fresh([at(1), at(2), at(3)])).toEqual([at(2), at(3)]);
  });

  it('forgets nothing when a poll answers no events', () => {
    const feed = createEventFeed();
    feed.fresh([at(1)]);
    feed.fresh([]);

    expect(feed.fresh([at(1), at(2)])).toEqual([at(2)]);
  });
});
