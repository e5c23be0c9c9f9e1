import type { AgentEvent } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

const event = (reason: string) => ({ workload: 'web', node: null, reason, message: reason });

function setup(initial: AgentEvent[] = [], limit?: number) {
  const saved: AgentEvent[][] = [];
  const clock = { ms: Date.parse('2026-01-01T00:00:00Z') };
  const queue = new EventQueue(initial, {
    persist: async (all) => {
      saved.push([...all]);
    },
    limit,
    resendAfterMs: 30_000,
    now: () => new Date(clock.ms),
  });
  return { queue, saved, clock };
}

describe(EventQueue, () => {
  it('gives every event a UUID and persists the queue', async () => {
    const { queue, saved } = setup();
    const [added] = await queue.add([event('created')]);
    expect(added?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.at(-1)).toEqual([added]);
  });

  it('hands out each event once per session, and again after the session ended', async () => {
    const { queue } = setup();
    await queue.add([event('a'), event('b')]);
    const first = queue.takeUnsent();
    expect(queue.takeUnsent()).toEqual([]);
    queue.sessionEnded();
    expect(queue.takeUnsent()).toEqual(first);
  });

  it('sends again what the server has not acknowledged within the resend time', async () => {
    const { queue, clock } = setup();
    await queue.add([event('a')]);
    const first = queue.takeUnsent();
    clock.ms += 29_000;
    expect(queue.takeUnsent()).toEqual([]);
    clock.ms += 2_000;
    expect(queue.takeUnsent()).toEqual(first);
  });

  it('ignores acknowledgements of ids it does not hold', async () => {
    const { queue, saved } = setup();
    await queue.add([event('a')]);
    const writes = saved.length;
    await queue.confirm(['5b0b1f4e-8a7c-4c7e-9a57-0d7f7a8f3f11']);
    expect(queue.size).toBe(1);
    expect(saved.length).toBe(writes);
  });

  it('forgets events only once acknowledged, and persists that', async () => {
    const { queue, saved } = setup();
    await queue.add([event('a'), event('b')]);
    const [a] = queue.takeUnsent(1);
    await queue.confirm([a!.id]);
    expect(queue.all().map((e) => e.reason)).toEqual(['b']);
    expect(saved.at(-1)?.map((e) => e.reason)).toEqual(['b']);
  });

  it('keeps the events loaded from disk, with their ids', async () => {
    const old = { id: '5b0b1f4e-8a7c-4c7e-9a57-0d7f7a8f3f11', time: 't', ...event('old') };
    const { queue } = setup([old]);
    expect(queue.takeUnsent()).toEqual([old]);
  });

  it('keeps the newest events beyond its limit and says how many it dropped', async () => {
    const { queue } = setup([], 5);
    await queue.add(Array.from({ length: 8 }, (_, i) => event(`e${i}`)));
    const reasons = queue.all().map((e) => e.reason);
    expect(reasons).toEqual(['events_dropped', 'e4', 'e5', 'e6', 'e7']);
    expect(queue.all()[0]?.message).toContain('4 older events');
  });
});
