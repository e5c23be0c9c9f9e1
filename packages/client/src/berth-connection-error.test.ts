import { describe, expect, it } from 'vitest';
import { BerthConnectionError } from './berth-connection-error.js';

describe(BerthConnectionError, () => {
  it('names the reason that fetch hides in its cause', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND berth.invalid'), {
      code: 'ENOTFOUND',
    });
    const error = new BerthConnectionError(
      'http://berth.invalid/api/v1/me',
      new TypeError('fetch failed', { cause }),
    );

    expect(error.message).toBe(
      'Cannot reach the Berth server at http://berth.invalid/api/v1/me: getaddrinfo ENOTFOUND berth.invalid',
    );
  });

  it('falls back to the code when the cause has no message', () => {
    const cause = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });
    const error = new BerthConnectionError(
      'http://localhost:1/',
      new TypeError('fetch failed', { cause }),
    );

    expect(error.message).toBe(
      'Cannot reach the Berth server at http://localhost:1/: fetch failed (ECONNREFUSED)',
    );
  });
});
