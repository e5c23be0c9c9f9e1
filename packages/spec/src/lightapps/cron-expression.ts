/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), the
 * spelling every crontab accepts: `*`, numbers, ranges `a-b`, steps `a-b/n` (and `/n` after `*`),
 * comma lists. Names (`MON`, `JAN`) and the non-standard `@hourly` forms are refused
 * so that the agent's scheduler and this check can never disagree.
 */

const fields = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const part = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/;

function fieldProblem(text: string, field: (typeof fields)[number]): string | undefined {
  for (const item of text.split(',')) {
    const match = part.exec(item);
    if (!match) return `${field.name} "${item}" is not *, a number, a range a-b or a step /n`;
    const [, , from, to, step] = match;
    for (const n of [from, to]) {
      if (n !== undefined && (Number(n) < field.min || Number(n) > field.max))
        return `${field.name} ${n} is outside ${field.min}–${field.max}`;
    }
    if (from !== undefined && to !== undefined && Number(from) > Number(to))
      return `${field.name} range ${from}-${to} runs backwards`;
    if (step !== undefined && Number(step) === 0) return `${field.name} step must be at least 1`;
  }
  return undefined;
}

/**
 * Why `expression` is not a valid five-field cron expression, or undefined when it is.
 * Pure; the message names the field at fault.
 */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    return `must have 5 fields (minute hour day-of-month month day-of-week), not ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i] as string, fields[i] as (typeof fields)[number]);
    if (problem) return problem;
  }
  return undefined;
}

/** The values each field allows. Assumes a valid expression (see `cronProblem`). */
function allowed(text: string, field: (typeof fields)[number]): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [, star, from, to, step] = part.exec(item) ?? [];
    const lo = star === '*' ? field.min : Number(from);
    const hi =
      star === '*' || (to === undefined && step !== undefined) ? field.max : Number(to ?? from);
    for (let v = lo; v <= hi; v += Number(step ?? 1))
      out.add(field.name === 'day of week' && v === 7 ? 0 : v);
  }
  return out;
}

/**
 * The first minute strictly after `after` that the expression matches, in the host's
 * local time, or undefined when none comes within about four years (e.g. `0 0 31 2 *`).
 * As in every crontab, when both day fields are restricted a day matching either runs.
 * Pure; `expression` must be valid (see `cronProblem`).
 */
export function nextCronTime(expression: string, after: Date): Date | undefined {
  const parts = expression.trim().split(/\s+/);
  const sets = fields.map((f, i) => allowed(parts[i] as string, f));
  const [minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  const dayStar = parts[2] === '*';
  const weekStar = parts[4] === '*';
  const t = new Date(after.getTime());
  t.setSeconds(0, 0);
  t.setMinutes(t.getMinutes() + 1);
  const limit = after.getTime() + 4 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!months.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0);
      continue;
    }
    const dom = days.has(t.getDate());
    const dow = weekdays.has(t.getDay());
    const dayOk = dayStar && weekStar ? true : dayStar ? dow : weekStar ? dom : dom || dow;
    if (!dayOk) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0);
      continue;
    }
    if (!hours.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0);
      continue;
    }
    if (minutes.has(t.getMinutes())) return t;
    t.setMinutes(t.getMinutes() + 1);
  }
  return undefined;
}
