import { InvalidArgumentError } from 'commander';

const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Parses a duration such as `10m`, `90s`, `1h30m` or `500ms`; a bare number is seconds.
 * Commander argument parser: @throws InvalidArgumentError (exit 2) for anything else,
 * and for zero.
 */
export function parseDuration(text: string): number {
  const value = text.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (/^(\d+(h|ms|m|s))+$/.test(value)) {
    ms = 0;
    for (const [, n, unit] of value.matchAll(/(\d+)(h|ms|m|s)/g)) ms += Number(n) * units[unit!]!;
  } else {
    throw new InvalidArgumentError('must be a duration such as 90s, 10m or 1h30m');
  }
  if (ms <= 0 || !Number.isSafeInteger(ms)) {
    throw new InvalidArgumentError('must be a duration of more than zero, such as 90s');
  }
  return ms;
}

/** `10m`, `1m30s`, `45s`, `1h5m`: a duration the way `parseDuration` reads it (whole seconds). */
export function formatDuration(ms: number): string {
  let seconds = Math.round(ms / 1000);
  if (seconds === 0) return ms > 0 ? `${ms}ms` : '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n}${unit}`);
    seconds -= n * size;
  }
  return parts.join('');
}
