import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe(parseDuration, () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['45', 45_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0', '0s', '10 minutes', '-5s', '1.5m', 'm', '10x'])('refuses "%s"', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration/);
  });

  it('reads back what formatDuration writes, for any whole number of seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 86_400 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});

describe(formatDuration, () => {
  it('writes the largest units first and leaves out zeros', () => {
    expect(formatDuration(600_000)).toBe('10m');
    expect(formatDuration(3_605_000)).toBe('1h5s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(200)).toBe('200ms');
  });
});
