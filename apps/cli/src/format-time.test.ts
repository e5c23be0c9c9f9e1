import { describe, expect, it } from 'vitest';
import { formatTime } from './format-time.js';

describe(formatTime, () => {
  it('renders an ISO timestamp as date and time in the given zone', () => {
    expect(formatTime('2025-03-04T05:06:07.890Z', 'UTC')).toBe('2025-03-04 05:06:07');
    expect(formatTime('2025-03-04T23:30:00Z', 'Asia/Tokyo')).toBe('2025-03-05 08:30:00');
  });

  it('uses 00, not 24, for midnight', () => {
    expect(formatTime('2025-01-01T00:00:00Z', 'UTC')).toBe('2025-01-01 00:00:00');
  });

  it('passes null, undefined and non-dates through', () => {
    expect(formatTime(null)).toBeNull();
    expect(formatTime(undefined)).toBeUndefined();
    expect(formatTime('soon')).toBe('soon');
  });
});
