import { describe, expect, it } from 'vitest';
import { fakeServerFlags, jsonAnswer, runCliInProcess } from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

const shown = {
  mirrors: { 'docker.io': 'mirror.site.local:5000' },
  auths: { 'mirror.site.local:5000': { username: 'puller' } },
};

describe('berth clusters registries', () => {
  it('shows mirrors and usernames (the default subcommand), or JSON', async () => {
    const text = await berth(['clusters', 'registries', 'north'], {
      answer: () => jsonAnswer(200, shown),
    });
    const json = await berth(['clusters', 'registries', 'show', 'north', '-o', 'json'], {
      answer: () => jsonAnswer(200, shown),
    });
    expect(text.code).toBe(0);
    expect(text.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/clusters/north/registries',
    });
    expect(text.stdout).toBe(
      'mirror  docker.io -> mirror.site.local:5000\nlogin   mirror.site.local:5000 as puller\n',
    );
    expect(JSON.parse(json.stdout)).toEqual(shown);
  });

  it('replaces them with --mirror flags and credentials from stdin, printing no password', async () => {
    const run = await berth(
      [
        'clusters',
        'registries',
        'set',
        'north',
        '--mirror',
        'docker.io=mirror.site.local:5000',
        '--mirror',
        'registry.example.com=mirror.local/vendor',
        '--auth-file',
        '-',
      ],
      {
        stdin: 'mirror.site.local:5000: { username: puller, password: "s3cret pass" }\n',
        answer: () => jsonAnswer(200, shown),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/api/v1/clusters/north/registries',
      body: {
        mirrors: {
          'docker.io': 'mirror.site.local:5000',
          'registry.example.com': 'mirror.local/vendor',
        },
        auths: { 'mirror.site.local:5000': { username: 'puller', password: 's3cret pass' } },
      },
    });
    expect(run.stdout + run.stderr).not.toContain('s3cret');
  });

  it('refuses a malformed --mirror (exit 2) and a bad credentials file (exit 7) before calling', async () => {
    const mirror = await berth(['clusters', 'registries', 'set', 'north', '--mirror', 'docker.io']);
    const auths = await berth(['clusters', 'registries', 'set', 'north', '--auth-file', '-'], {
      stdin: 'mirror.local: puller\n',
    });
    expect([mirror.code, auths.code]).toEqual([2, 7]);
    expect(mirror.stderr).toContain('expected registry=mirror');
    expect(auths.stderr).toContain('expected a map of registry host to { username, password }');
    expect([...mirror.requests, ...auths.requests]).toEqual([]);
  });

  it('clears them', async () => {
    const run = await berth(['clusters', 'registries', 'clear', 'north'], {
      answer: () => jsonAnswer(200, { mirrors: {}, auths: {} }),
    });
    expect(run.requests[0]).toMatchObject({ method: 'PUT', body: { mirrors: {}, auths: {} } });
    expect(run.stdout).toContain('No mirrors or credentials');
  });
});
