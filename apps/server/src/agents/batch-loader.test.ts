import { describe, expect, it } from 'vitest';
import { BatchLoader } from './batch-loader.js';

function recording(options: { maxBatch: number; maxInFlight: number }) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  let hold = false;
  const loader = new BatchLoader<string, string>(async (keys) => {
    calls.push(keys);
    if (hold) await new Promise<void>((resolve) => gates.push(resolve));
    if (keys.includes('boom')) throw new Error('database down');
    return new Map(keys.filter((k) => !k.startsWith('missing')).map((k) => [k, `value of ${k}`]));
  }, options);
  return {
    loader,
    calls,
    hold: () => {
      hold = true;
    },
    release: () => {
      hold = false;
      for (const open of gates.splice(0)) open();
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe(BatchLoader, () => {
  it('loads the keys asked for in one turn with one call, each caller getting its own value', async () => {
    const { loader, calls } = recording({ maxBatch: 100, maxInFlight: 1 });
    const values = await Promise.all(['a', 'b', 'missing-c', 'a'].map((k) => loader.load(k)));
    expect(values).toEqual(['value of a', 'value of b', undefined, 'value of a']);
    expect(calls).toEqual([['a', 'b', 'missing-c']]);
  });

  it('splits a batch at maxBatch keys', async () => {
    const { loader, calls } = recording({ maxBatch: 2, maxInFlight: 4 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => loader.load(k)));
    expect(calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('queues keys while maxInFlight calls run, and sends them in one batch afterwards', async () => {
    const { loader, calls, hold, release } = recording({ maxBatch: 100, maxInFlight: 1 });
    hold();
    const first = loader.load('a');
    await turn();
    const later = ['b', 'c', 'a'].map((k) => loader.load(k));
    await turn();
    expect(calls).toEqual([['a']]);
    release();
    expect(await first).toBe('value of a');
    expect(await Promise.all(later)).toEqual(['value of b', 'value of c', 'value of a']);
    // 'a' asked again while its first load ran: read again, never answered from that load.
    expect(calls).toEqual([['a'], ['b', 'c', 'a']]);
  });

  it('rejects every caller of a failed batch, and keeps serving later ones', async () => {
    const { loader } = recording({ maxBatch: 100, maxInFlight: 1 });
    const failed = ['a', 'boom'].map((k) => loader.load(k).catch((e: Error) => e.message));
    expect(await Promise.all(failed)).toEqual(['database down', 'database down']);
    expect(await loader.load('a')).toBe('value of a');
  });
});
