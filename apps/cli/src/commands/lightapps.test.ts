import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightAppVersion, LightDeployment } from '@berth/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeServerFlags, jsonAnswer, runCliInProcess } from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

const dir = mkdtempSync(join(tmpdir(), 'berth-cli-light-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const draft: LightAppVersion = {
  app: 'thermo',
  version: '1.0.0',
  kind: 'initial',
  from: null,
  state: 'draft',
  package: null,
  config: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  publishedAt: null,
};

describe('berth lightapps', () => {
  it('deletes a light app on --yes, and refuses without it when nobody can be asked', async () => {
    const refused = await berth(['lightapps', 'delete', 'thermo']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Refusing to delete light app "thermo"');
    expect(refused.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    const run = await berth(['lightapps', 'delete', 'thermo', '--yes', '-o', 'json'], {
      answer: () => jsonAnswer(204, undefined),
    });
    expect(run.code).toBe(0);
    expect(run.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/lightapps/thermo',
    });
    expect(JSON.parse(run.stdout)).toEqual({ name: 'thermo', deleted: true });
  });

  it('creates a C light app for an arch', async () => {
    const run = await berth(
      ['lightapps', 'create', 'blink', '--language', 'c', '--arch', 'armv7'],
      {
        answer: () =>
          jsonAnswer(201, {
            name: 'blink',
            language: 'c',
            arch: 'armv7',
            createdAt: draft.createdAt,
            latestVersion: null,
          }),
      },
    );
    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/lightapps',
      body: { name: 'blink', language: 'c', arch: 'armv7' },
    });
  });

  it('uploads a package to a new draft and sets how it starts, args and env as given', async () => {
    const file = join(dir, 'thermo.zip');
    writeFileSync(file, Buffer.from('PK\u0003\u0004 bytes'));
    const run = await berth(
      [
        'lightapps',
        'upload',
        'thermo',
        '1.0.0',
        file,
        '--entry',
        'main.py',
        '--memory-mi',
        '64',
        '--cpu-millis',
        '200',
        '--arg',
        '--every',
        '--arg',
        '$(not a shell)',
        '--env',
        'MODE=a=b',
      ],
      {
        answer: (r) =>
          r.method === 'GET'
            ? jsonAnswer(404, {
                type: 'about:blank',
                title: 'Not found',
                status: 404,
                detail: 'no',
                code: 'not_found',
              })
            : r.path.endsWith('/package')
              ? jsonAnswer(200, { sha256: 'a'.repeat(64), size: 12 })
              : jsonAnswer(r.method === 'POST' ? 201 : 200, draft),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/lightapps/thermo/versions/1.0.0',
      'POST /api/v1/lightapps/thermo/versions',
      'PUT /api/v1/lightapps/thermo/versions/1.0.0/package',
      'PUT /api/v1/lightapps/thermo/versions/1.0.0/config',
    ]);
    expect(Buffer.from(run.requests[2]?.body as Uint8Array).toString()).toBe(
      'PK\u0003\u0004 bytes',
    );
    expect(run.requests[3]?.body).toEqual({
      entry: 'main.py',
      memoryMi: 64,
      cpuMillis: 200,
      args: ['--every', '$(not a shell)'],
      env: { MODE: 'a=b' },
      run: { mode: 'always' },
    });
  });

  it('deploys to hosts and shows each host’s progress', async () => {
    const deploy = await berth(
      [
        'lightapps',
        'deploy',
        'thermo',
        '1.0.0',
        '--cluster',
        'field',
        '--host',
        'gate-01',
        '--host',
        'gate-02',
      ],
      { answer: () => jsonAnswer(202, { id: 'd-1' }) },
    );
    expect(deploy.code).toBe(0);
    expect(deploy.requests[0]?.body).toEqual({
      version: '1.0.0',
      cluster: 'field',
      hosts: ['gate-01', 'gate-02'],
    });
    const status: LightDeployment = {
      id: 'd-1',
      app: 'thermo',
      version: '1.0.0',
      cluster: 'field',
      createdAt: draft.createdAt,
      hosts: [
        { node: 'gate-01', phase: 'running', message: null, limitsEnforced: true },
        {
          node: 'gate-02',
          phase: 'failed',
          message: 'main.py exited with code 1',
          limitsEnforced: false,
        },
      ],
    };
    const run = await berth(['lightapps', 'status', 'thermo', 'd-1'], {
      answer: () => jsonAnswer(200, status),
    });
    expect(run.stdout).toBe(
      'gate-01\trunning\ngate-02\tfailed\t(limits not enforced)\tmain.py exited with code 1\n',
    );
  });
});
