import { describe, expect, it } from 'vitest';
import { chunkReloadKey, isChunkLoadError, reloadOnce } from './chunk-reload.js';

function tab(saved?: string) {
  const values = new Map<string, string>(saved === undefined ? [] : [[chunkReloadKey, saved]]);
  let reloads = 0;
  return {
    values,
    reloads: () => reloads,
    deps: (now: number) => ({
      storage: {
        getItem: (key: string) => values.get(key) ?? null,
        setItem: (key: string, value: string) => void values.set(key, value),
      },
      now,
      reload: () => void reloads++,
    }),
  };
}

describe('isChunkLoadError', () => {
  it("knows the browsers' messages for a chunk that failed to load", () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://h/assets/InstancesArea-x1.js', // Chromium
      'error loading dynamically imported module: http://h/assets/A.js', // Firefox
      'Importing a module script failed.', // Safari
    ]) {
      expect(isChunkLoadError(new TypeError(message)), message).toBe(true);
    }
  });

  it('leaves other render errors alone', () => {
    expect(
      isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'x')")),
    ).toBe(false);
    expect(isChunkLoadError('Not found')).toBe(false);
  });
});

describe('reloadOnce', () => {
  it('reloads the first time and remembers when', () => {
    const t = tab();
    expect(reloadOnce(t.deps(1_000_000))).toBe(true);
    expect(t.reloads()).toBe(1);
    expect(t.values.get(chunkReloadKey)).toBe('1000000');
  });

  it('does not reload again within the window: that reload did not help', () => {
    const t = tab('1000000');
    expect(reloadOnce(t.deps(1_000_000 + 29_999))).toBe(false);
    expect(t.reloads()).toBe(0);
  });

  it('reloads again once the window has passed, or for a stored time it cannot trust', () => {
    const later = tab('1000000');
    expect(reloadOnce(later.deps(1_000_000 + 30_000))).toBe(true);
    const future = tab('9999999999999'); // a clock set back since
    expect(reloadOnce(future.deps(1_000_000))).toBe(true);
    const garbage = tab('soon');
    expect(reloadOnce(garbage.deps(1_000_000))).toBe(true);
    expect(later.reloads() + future.reloads() + garbage.reloads()).toBe(3);
  });
});
