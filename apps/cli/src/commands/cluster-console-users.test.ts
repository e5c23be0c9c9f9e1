import type { ConsoleUser } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import {
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

const wang: ConsoleUser = {
  username: 'wang',
  mobile: '+8613800138000',
  superuser: false,
  mustChangePassword: false,
  passwordChangedAt: '2025-01-01T12:00:00.000Z',
  createdAt: '2025-01-01T12:00:00.000Z',
  updatedAt: '2025-01-01T12:00:00.000Z',
};

describe('berth clusters console-users', () => {
  it('lists the console users with their mobile numbers', async () => {
    const admin = { ...wang, username: 'iotedgeadmin', mobile: null, superuser: true };
    const run = await berth(['clusters', 'console-users', 'list', 'plant'], {
      answer: () => jsonAnswer(200, { items: [admin, wang], nextCursor: null }),
    });

    expect(run.code).toBe(0);
    expect(run.requests[0]?.path).toBe('/api/v1/clusters/plant/console/users?limit=500');
    expect(run.stdout).toMatch(/^USERNAME\s+MOBILE\s+SUPER\s+MUST CHANGE PASSWORD\s+CREATED\n/);
    expect(run.stdout).toMatch(/^iotedgeadmin\s+<none>\s+yes\s+no\s+/m);
    expect(run.stdout).toMatch(/^wang\s+\+8613800138000\s+no\s+no\s+/m);
  });

  it('adds a user with the password from stdin and the mobile as typed (the server normalises)', async () => {
    const run = await berth(
      [
        'clusters',
        'console-users',
        'add',
        'plant',
        'wang',
        '--mobile',
        '138 0013 8000',
        '--password-stdin',
        '-o',
        'json',
      ],
      { stdin: 'a long passphrase\n', answer: () => jsonAnswer(201, wang) },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/clusters/plant/console/users',
      body: { username: 'wang', password: 'a long passphrase', mobile: '138 0013 8000' },
    });
    expect(JSON.parse(run.stdout)).toEqual(wang);
    expect(run.stdout + run.stderr).not.toContain('a long passphrase');
  });

  it('requires --mobile before any request, and exits 6 for a number already held', async () => {
    const missing = await berth(
      ['clusters', 'console-users', 'add', 'plant', 'li', '--password-stdin'],
      {
        stdin: 'a long passphrase\n',
      },
    );
    const taken = await berth(
      [
        'clusters',
        'console-users',
        'add',
        'plant',
        'li',
        '--mobile',
        '13800138000',
        '--password-stdin',
      ],
      { stdin: 'a long passphrase\n', answer: () => problemAnswer(409, 'mobile_taken') },
    );

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--mobile');
    expect(missing.requests).toEqual([]);
    expect(taken.code).toBe(6);
  });

  it('removes a user only with --yes when nobody can be asked', async () => {
    const refused = await berth(['clusters', 'console-users', 'remove', 'plant', 'wang']);
    const removed = await berth([
      'clusters',
      'console-users',
      'remove',
      'plant',
      'wang',
      '--yes',
      '-o',
      'json',
    ]);

    expect(refused.code).toBe(2);
    expect(refused.requests).toEqual([]);
    expect(removed.code).toBe(0);
    expect(removed.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /api/v1/clusters/plant/console/users/wang',
    ]);
    expect(JSON.parse(removed.stdout)).toEqual({
      cluster: 'plant',
      username: 'wang',
      removed: true,
    });
  });
});
