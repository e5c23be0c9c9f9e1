import { describe, expect, it } from 'vitest';
import { formatAgo } from './format-ago.js';

const now = Date.parse('2025-01-01T12:00:00.000Z');
const before = (ms: number) => new Date(now - ms).toISOString();

describe(formatAgo, () => {
  it.each([
    [12_000, '12 s ago'],
    [119_000, '119 s ago'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [4 * 86_400_000, '4 d ago'],
    [400, 'just now'],
    [-5_000, 'just now'],
  ])('shows a time %i ms before now as "%s"', (ms, text) => {
    expect(formatAgo(before(ms), now)).toBe(text);
  });

  it('passes null, undefined and non-dates through', () => {
    expect(formatAgo(null, now)).toBeNull();
    expect(formatAgo(undefined, now)).toBeUndefined();
    expect(formatAgo('soon', now)).toBe('soon');
  });
});
