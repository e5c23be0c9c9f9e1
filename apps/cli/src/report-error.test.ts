import { BerthApiError, BerthConnectionError } from '@berth/client';
import type { Problem } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { InvalidFileError } from './invalid-file-error.js';
import { problemOfError, reportError } from './report-error.js';

const invalid: Problem = {
  type: 'https://berth.dev/problems/validation-failed',
  title: 'Invalid request',
  status: 422,
  detail: 'The request has 2 problems',
  code: 'validation_failed',
  requestId: 'r-1',
  errors: [
    { path: 'name', in: 'body', message: 'must be at least 2 characters' },
    { path: 'nodes[2].ports[0].port', in: 'body', message: 'must be a number' },
  ],
};
const where = { method: 'POST', url: 'http://berth.test/api/v1/accounts' };

function run(error: unknown, json: boolean) {
  let stderr = '';
  const code = reportError(error, { write: (t) => (stderr += t), json });
  return { code, stderr };
}

describe(reportError, () => {
  it('prints the detail and each field error as "path: message"', () => {
    const { code, stderr } = run(new BerthApiError(invalid, where), false);

    expect(code).toBe(7);
    expect(stderr).toBe(
      [
        'error: The request has 2 problems',
        '  name: must be at least 2 characters',
        '  nodes[2].ports[0].port: must be a number',
        '',
      ].join('\n'),
    );
  });

  it('adds the problem as JSON on the last line with --output json', () => {
    const { stderr } = run(new BerthApiError(invalid, where), true);
    const lines = stderr.trimEnd().split('\n');

    expect(lines[0]).toBe('error: The request has 2 problems');
    expect(JSON.parse(lines.at(-1)!)).toEqual(invalid);
  });

  it('quotes the request id of a server error', () => {
    const problem = { ...invalid, status: 500, code: 'internal_error', errors: undefined };
    const { code, stderr } = run(new BerthApiError(problem, where), false);

    expect(code).toBe(1);
    expect(stderr).toContain('request id: r-1');
  });

  it('reports an unreachable server with exit code 8', () => {
    const error = new BerthConnectionError('http://127.0.0.1:9/api/v1/me', new Error('boom'));
    const { code, stderr } = run(error, true);

    expect(code).toBe(8);
    expect(stderr).toContain(
      'error: Cannot reach the Berth server at http://127.0.0.1:9/api/v1/me',
    );
    expect(JSON.parse(stderr.trimEnd().split('\n').at(-1)!)).toMatchObject({
      code: 'connection_failed',
      status: 0,
    });
  });
});

describe(problemOfError, () => {
  it("gives the CLI's own errors a problem with their code", () => {
    expect(problemOfError(new CliError('Name the user', 2, 'username_required'))).toMatchObject({
      code: 'username_required',
      detail: 'Name the user',
    });
  });
});

describe('reportError of a file the server refused', () => {
  const refused = new InvalidFileError(
    'The server refused app.yaml: The request has 2 problems',
    'app.yaml',
    [
      { path: 'name', message: 'must be at least 2 characters', line: 4, column: 3 },
      { path: 'nodes[2].ports[0].port', message: 'must be a number', line: 30, column: 11 },
    ],
    invalid,
  );

  it('prints each error as FILE:LINE:COLUMN  path  message and exits 7', () => {
    const { code, stderr } = run(refused, false);

    expect(code).toBe(7);
    expect(stderr).toBe(
      [
        'error: The server refused app.yaml: The request has 2 problems',
        'app.yaml:4:3  name  must be at least 2 characters',
        'app.yaml:30:11  nodes[2].ports[0].port  must be a number',
        '',
      ].join('\n'),
    );
  });

  it("keeps the server's problem for -o json, its errors located in the file", () => {
    const { stderr } = run(refused, true);

    expect(JSON.parse(stderr.trimEnd().split('\n').at(-1)!)).toEqual({
      ...invalid,
      detail: 'The server refused app.yaml: The request has 2 problems',
      errors: [
        {
          path: 'name',
          message: 'must be at least 2 characters',
          line: 4,
          column: 3,
          file: 'app.yaml',
        },
        {
          path: 'nodes[2].ports[0].port',
          message: 'must be a number',
          line: 30,
          column: 11,
          file: 'app.yaml',
        },
      ],
    });
  });

  it('describes a file refused locally with its own code', () => {
    const local = new InvalidFileError('app.yaml is not a valid app file: 1 error', 'app.yaml', [
      { path: 'version', message: 'is required', line: 1, column: 1 },
    ]);

    expect(problemOfError(local)).toMatchObject({ status: 0, code: 'invalid_file' });
  });
});
