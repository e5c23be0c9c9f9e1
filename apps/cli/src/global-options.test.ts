import { describe, expect, it } from 'vitest';
import { anInstance } from './testing/fixtures.js';
import { jsonAnswer, runCliInProcess } from './testing/run-cli-in-process.js';

describe('global options', () => {
  it('prints the CLI version for --version before any command', async () => {
    const run = await runCliInProcess(['--version']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0.0.0-test\n');
  });

  it('leaves --version after a command to the command (berth deploy --version)', async () => {
    const args = [
      'deploy',
      'shop-north',
      '--app',
      'shop',
      '--version',
      '1.0.0',
      '--cluster',
      'north',
    ];
    const run = await runCliInProcess(['--server', 'http://berth.test', ...args, '--token', 't'], {
      answer: () => jsonAnswer(202, anInstance()),
    });

    expect(run.code).toBe(0);
    expect(run.requests[0]?.body).toMatchObject({ version: '1.0.0' });
  });

  it('takes global options before or after the command, the one after winning', async () => {
    const run = await runCliInProcess(
      ['-o', 'yaml', '--server', 'http://b.test', 'clusters', 'list', '-o', 'json', '--token', 't'],
      { answer: () => jsonAnswer(200, { items: [], nextCursor: null }) },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]?.path).toBe('/api/v1/clusters?limit=500');
    expect(JSON.parse(run.stdout)).toEqual({ items: [], nextCursor: null });
  });

  it('reports errors as JSON when -o json comes after the command', async () => {
    const run = await runCliInProcess(['instances', 'get', 'x', '-o', 'json']);

    expect(run.code).toBe(3);
    expect(JSON.parse(run.stderr.trimEnd().split('\n').at(-1) ?? '')).toMatchObject({
      code: expect.any(String),
    });
  });
});
