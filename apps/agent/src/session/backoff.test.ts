import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

/** A backoff whose random and clock the test holds. */
function setup(random = () => 0.999999) {
  const clock = { now: 0 };
  const backoff = new Backoff({
    baseMs: 500,
    capMs: 30_000,
    resetAfterMs: 60_000,
    random: () => random(),
    now: () => clock.now,
  });
  return { backoff, clock };
}

describe(Backoff, () => {
  it('doubles the ceiling per attempt from the base, up to the cap', () => {
    const { backoff } = setup();
    const ceilings = Array.from({ length: 9 }, (_, n) => backoff.ceiling(n));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('draws each delay uniformly below the ceiling (full jitter)', () => {
    const draws = [0, 0.5, 0.999999];
    for (const r of draws) {
      const { backoff } = setup(() => r);
      const delays = Array.from({ length: 8 }, () => backoff.next());
      delays.forEach((d, n) => {
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(backoff.ceiling(n));
        expect(d).toBe(Math.floor(r * backoff.ceiling(n)));
      });
    }
  });

  it('never waits longer than the cap, however long the server stays away', () => {
    const { backoff } = setup();
    const delays = Array.from({ length: 200 }, () => backoff.next());
    expect(Math.max(...delays)).toBeLessThan(30_000);
    expect(delays.at(-1)).toBeGreaterThan(29_000);
  });

  it('spreads agents over the whole window instead of synchronising them', () => {
    const random = mulberry32(7);
    const delays = Array.from({ length: 200 }, () => {
      const { backoff } = setup(random);
      for (let i = 0; i < 6; i++) backoff.next();
      return backoff.next();
    });
    const buckets = [0, 0, 0, 0];
    for (const d of delays) buckets[Math.min(3, Math.floor(d / 7500))]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(25);
  });

  it('starts again from the base after a session that lasted more than a minute', () => {
    const { backoff, clock } = setup();
    for (let i = 0; i < 6; i++) backoff.next();
    backoff.connected();
    clock.now += 60_001;
    expect(backoff.next()).toBeLessThan(500);
  });

  it('keeps climbing after sessions that die at once (accept, then drop)', () => {
    const { backoff, clock } = setup();
    for (let i = 0; i < 4; i++) {
      backoff.connected();
      clock.now += 1000;
      backoff.next();
    }
    expect(backoff.next()).toBeGreaterThan(7900); // the fifth ceiling, 8 s: no reset
  });
});

/** A small seeded PRNG, so the spread test is deterministic. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
