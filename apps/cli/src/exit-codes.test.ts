import { BerthApiError, BerthConnectionError } from '@berth/client';
import type { Problem } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { exitCodeOf, exitCodes, exitCodesHelp } from './exit-codes.js';

function apiError(status: number, code = 'x'): BerthApiError {
  const problem: Problem = { type: 'about:blank', title: 't', status, detail: 'd', code };
  return new BerthApiError(problem, { method: 'GET', url: 'http://berth.test/api/v1/me' });
}

describe(exitCodeOf, () => {
  it.each([
    [400, 2],
    [401, 3],
    [403, 4],
    [404, 5],
    [409, 6],
    [412, 6],
    [422, 7],
    [429, 9],
    [500, 1],
    [502, 1],
  ])('maps an API error with status %i to exit code %i', (status, code) => {
    expect(exitCodeOf(apiError(status))).toBe(code);
  });

  it('maps an unreachable server to 8', () => {
    const error = new BerthConnectionError('http://x/', new Error('connect ECONNREFUSED'));
    expect(exitCodeOf(error)).toBe(exitCodes.unreachable);
  });

  it("uses the CLI's own errors' exit code", () => {
    expect(exitCodeOf(new CliError('Not signed in', exitCodes.unauthenticated, 'n'))).toBe(3);
  });

  it('maps a cancelled prompt to 130 and anything else to 1', () => {
    const cancelled = Object.assign(new Error('User force closed the prompt'), {
      name: 'ExitPromptError',
    });
    expect(exitCodeOf(cancelled)).toBe(130);
    expect(exitCodeOf(new TypeError('bug'))).toBe(1);
    expect(exitCodeOf('a string')).toBe(1);
  });

  it('documents every exit code in the help text', () => {
    for (const code of Object.values(exitCodes)) {
      expect(exitCodesHelp).toMatch(new RegExp(`^  ${code} `, 'm'));
    }
  });
});
