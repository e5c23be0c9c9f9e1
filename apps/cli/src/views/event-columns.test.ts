import { describe, expect, it } from 'vitest';
import { anEvent } from '../testing/fixtures.js';
import { formatEventHeader, formatEventLine, formatEventRow } from './event-columns.js';

describe(formatEventLine, () => {
  it('shows the local time of day, the node, the reason and the message', () => {
    const line = formatEventLine(
      anEvent({ node: 'web', reason: 'Pulled', message: 'pulled web:1' }),
    );

    expect(line).toMatch(/^ {2}\[\d\d:\d\d:\d\d\] web Pulled: pulled web:1$/);
  });

  it('replaces control characters from the server', () => {
    expect(formatEventLine(anEvent({ message: 'a\u001b[2Jb\nc' }))).toMatch(/: a\?\[2Jb\?c$/);
  });
});

describe(formatEventRow, () => {
  it('lines its columns up under the header', () => {
    const header = formatEventHeader();
    const row = formatEventRow(anEvent({ node: 'web', source: 'agent' }));

    expect(row.indexOf('agent')).toBe(header.indexOf('SOURCE'));
    expect(row.indexOf('web')).toBe(header.indexOf('NODE'));
    expect(row.indexOf('Deploying')).toBe(header.indexOf('REASON'));
    expect(row.endsWith('Deploying shop 1.0.0\n')).toBe(true);
  });
});
