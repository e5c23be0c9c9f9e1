import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronProblem, nextCronTime } from './cron-expression.js';

describe('cronProblem', () => {
  it('accepts the usual spellings', () => {
    for (const e of [
      '* * * * *',
      '*/5 * * * *',
      '0 8-18/2 * * 1-5',
      '15,45 0 1 1,6 0',
      '0 0 * * 7',
    ])
      expect(cronProblem(e), e).toBeUndefined();
  });

  it('names the field at fault', () => {
    expect(cronProblem('60 * * * *')).toContain('minute 60');
    expect(cronProblem('* 24 * * *')).toContain('hour 24');
    expect(cronProblem('* * 0 * *')).toContain('day of month 0');
    expect(cronProblem('* * * 5-2 *')).toContain('runs backwards');
    expect(cronProblem('*/0 * * * *')).toContain('step');
    expect(cronProblem('* * * * MON')).toContain('day of week');
    expect(cronProblem('@hourly')).toContain('5 fields');
    expect(cronProblem('* * * * * *')).toContain('not 6');
  });

  it('never throws, whatever the text (R14: `$(…)` and `;` are just refused)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const problem = cronProblem(s);
        expect(problem === undefined || typeof problem === 'string').toBe(true);
      }),
    );
    expect(cronProblem('* * * * $(reboot)')).toBeDefined();
    expect(cronProblem('* * * * 1;reboot')).toBeDefined();
  });
});

describe('nextCronTime', () => {
  const at = (s: string) => new Date(s);
  const local = (d: Date | undefined) =>
    d && `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()} ${d.getHours()}:${d.getMinutes()}`;

  it('finds the next matching minute, strictly after the given time', () => {
    expect(local(nextCronTime('*/15 * * * *', at('2026-03-10T10:07:30')))).toBe('2026-3-10 10:15');
    expect(local(nextCronTime('*/15 * * * *', at('2026-03-10T10:15:00')))).toBe('2026-3-10 10:30');
    expect(local(nextCronTime('0 8-18/2 * * 1-5', at('2026-03-13T19:00:00')))).toBe(
      '2026-3-16 8:0',
    );
    expect(local(nextCronTime('30 6 1 * *', at('2026-12-15T00:00:00')))).toBe('2027-1-1 6:30');
  });

  it('runs on either day when both day fields are restricted, and knows Sunday as 7', () => {
    // 2026-03-15 is a Sunday; the 20th a Friday.
    expect(local(nextCronTime('0 12 20 * 0', at('2026-03-14T13:00:00')))).toBe('2026-3-15 12:0');
    expect(local(nextCronTime('0 12 20 * 7', at('2026-03-15T13:00:00')))).toBe('2026-3-20 12:0');
  });

  it('gives up on dates that never come', () => {
    expect(nextCronTime('0 0 31 2 *', at('2026-01-01T00:00:00'))).toBeUndefined();
  });
});
