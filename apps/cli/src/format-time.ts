/**
 * Renders an ISO 8601 timestamp as `2025-11-27 14:05:09` in the given time zone (the
 * local one by default), which reads better in a table than `2025-11-27T13:05:09.123Z`.
 * `null` and `undefined` stay as they are; a string that is not a date is returned as is.
 */
export function formatTime(
  iso: string | null | undefined,
  timeZone?: string,
): string | null | undefined {
  if (iso === null || iso === undefined) return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
