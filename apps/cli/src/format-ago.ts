/**
 * How long ago `iso` was, seen from `now` (ms since the epoch): `12 s ago`, `5 min ago`,
 * `3 h ago`, `4 d ago`; `just now` for less than a second or a time ahead of `now` (the
 * server's clock may run a little ahead). `null` and `undefined` stay as they are.
 */
export function formatAgo(iso: string | null | undefined, now: number): string | null | undefined {
  if (iso === null || iso === undefined) return iso;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.floor((now - then) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
