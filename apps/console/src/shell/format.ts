/** Times and sizes as the console shows them, in its language. */

function locale(language: string): string {
  return language === 'zh' ? 'zh-CN' : 'en';
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "3 minutes ago", "in 23 hours" — how far `at` is from `now`. */
export function relativeTime(at: string | Date, language: string, now = Date.now()): string {
  const delta = new Date(at).getTime() - now;
  const format = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto' });
  for (const [unit, ms] of units) {
    if (Math.abs(delta) >= ms || unit === 'second')
      return format.format(Math.round(delta / ms), unit);
  }
  return format.format(0, 'second');
}

export function dateTime(at: string | Date, language: string): string {
  return new Date(at).toLocaleString(locale(language));
}

/** A size given in MiB, in the largest unit that keeps it readable: 15.5 GiB, 512 MiB. */
export function mebibytes(mi: number): string {
  if (mi >= 1024 * 1024) return `${(mi / 1024 / 1024).toFixed(1)} TiB`;
  if (mi >= 1024) return `${(mi / 1024).toFixed(1)} GiB`;
  return `${mi} MiB`;
}
