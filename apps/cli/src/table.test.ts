import { describe, expect, it } from 'vitest';
import { formatDetails, formatTable } from './table.js';

const columns = [
  { header: 'Name', value: (r: { name: string; note: string | null }) => r.name },
  { header: 'Display name', value: (r: { name: string; note: string | null }) => r.note },
];

describe(formatTable, () => {
  it('aligns columns under an upper-case header, without borders or trailing spaces', () => {
    const text = formatTable(columns, [
      { name: 'acme', note: 'ACME Parking' },
      { name: 'platform', note: 'x' },
    ]);

    expect(text).toBe(
      ['NAME       DISPLAY NAME', 'acme       ACME Parking', 'platform   x', ''].join('\n'),
    );
  });

  it('shows <none> for empty cells and yes/no for booleans', () => {
    const text = formatTable(
      [
        { header: 'a', value: (r: { v: boolean | null }) => r.v },
        { header: 'b', value: () => '' },
      ],
      [{ v: true }, { v: false }, { v: null }],
    );

    expect(text.split('\n').slice(1, 4)).toEqual([
      'yes      <none>',
      'no       <none>',
      '<none>   <none>',
    ]);
  });

  it('replaces control characters so values cannot drive the terminal', () => {
    const text = formatTable(columns, [{ name: 'evil\u001b[31m', note: 'two\nlines' }]);

    expect(text).not.toContain('\u001b');
    expect(text.split('\n')[1]).toBe('evil?[31m   two?lines');
  });

  it('prints the header alone for no rows', () => {
    expect(formatTable(columns, [])).toBe('NAME   DISPLAY NAME\n');
  });
});

describe(formatDetails, () => {
  it('aligns values after their labels', () => {
    expect(
      formatDetails([
        ['User', 'admin'],
        ['Platform admin', true],
        ['Context', null],
      ]),
    ).toBe(
      ['User:            admin', 'Platform admin:  yes', 'Context:         <none>', ''].join('\n'),
    );
  });
});
