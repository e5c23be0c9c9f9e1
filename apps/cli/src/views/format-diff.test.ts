import { describe, expect, it } from 'vitest';
import { formatDiff } from './format-diff.js';

describe(formatDiff, () => {
  it('prints one line per change with a mark and its summary', () => {
    const text = formatDiff([
      {
        path: 'nodes[1].image',
        kind: 'changed',
        from: 'acme/web:1.0.0',
        to: 'acme/web:1.1.0',
        summary: 'node web: image changed from acme/web:1.0.0 to acme/web:1.1.0',
      },
      { path: 'nodes[2]', kind: 'added', summary: 'node cache added' },
      { path: 'nodes', kind: 'removed', summary: 'node old removed' },
    ]);

    expect(text).toBe(
      [
        '~ node web: image changed from acme/web:1.0.0 to acme/web:1.1.0',
        '+ node cache added',
        '- node old removed',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for no changes, and replaces control characters', () => {
    expect(formatDiff([])).toBe('');
    expect(formatDiff([{ path: 'x', kind: 'added', summary: 'a\u001b[31mb' }])).toBe('+ a?[31mb\n');
  });
});
