import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { CliDeps } from './command-context.js';
import type { Prompter } from './prompter.js';

interface Call {
  method: string;
  url: string;
  body: unknown;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process against `answer`, a stand-in for the server's HTTP answers. */
async function run(
  args: string[],
  options: {
    answer?: (call: Call) => Response;
    stdin?: string;
    prompts?: string[];
  } = {},
) {
  const out = { stdout: '', stderr: '', calls: [] as Call[], prompts: [] as string[] };
  const answers = [...(options.prompts ?? [])];
  const prompter: Prompter = {
    text: async (message) => {
      out.prompts.push(message);
      return answers.shift() ?? '';
    },
    secret: async (message) => {
      out.prompts.push(message);
      return answers.shift() ?? '';
    },
  };
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const call = {
      method: init?.method ?? 'GET',
      url: String(input),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    out.calls.push(call);
    return (options.answer ?? (() => new Response(null, { status: 204 })))(call);
  };
  const deps: CliDeps = {
    version: '0.0.0-test',
    configPath: join(dir, 'config.yaml'),
    checkConfigMode: true,
    env: {},
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    interactive: options.prompts !== undefined,
    prompter,
    stderrIsTerminal: false,
    now: () => Date.now(),
    sleep: async () => {},
    onInterrupt: () => () => {},
    fetch: fetch as typeof globalThis.fetch,
  };
  const code = await runCli(args, deps);
  return { code, ...out };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });

const session = {
  token: 'bses_abc',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { username: 'admin', displayName: null },
  mustChangePassword: true,
};

describe(runCli, () => {
  it('prints help with the exit codes and exits 0', async () => {
    const { code, stdout } = await run(['--help']);

    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toContain('8    cannot reach the server');
  });

  it('shows the global options and an example in the help of a command', async () => {
    const { code, stdout } = await run(['tokens', 'create', '--help']);

    expect(code).toBe(0);
    expect(stdout).toContain('Global Options:');
    expect(stdout).toContain('--output <format>');
    expect(stdout).toContain('berth tokens create ci-deploys');
  });

  it('exits 2 on an unknown option, a missing argument or a bad choice', async () => {
    expect((await run(['whoami', '--bogus'])).code).toBe(2);
    expect((await run(['accounts', 'get'])).code).toBe(2);
    expect((await run(['whoami', '-o', 'xml'])).code).toBe(2);
    expect((await run(['audit', 'list', '--limit', '0'])).code).toBe(2);
  });

  it('exits 3 when not signed in, before any request', async () => {
    const { code, stderr, calls } = await run(['whoami']);

    expect(code).toBe(3);
    expect(stderr).toContain('Not signed in');
    expect(calls).toEqual([]);
  });

  it('accepts global options after the subcommand', async () => {
    const me = { user: { username: 'admin' }, accounts: [], token: { kind: 'personal' } };
    const { code, stdout, calls } = await run(
      ['whoami', '--server', 'http://b.test', '--token', 't', '-o', 'json'],
      { answer: () => json(200, me) },
    );

    expect(code).toBe(0);
    expect(calls[0]?.url).toBe('http://b.test/api/v1/me');
    expect(JSON.parse(stdout)).toMatchObject({
      server: 'http://b.test',
      user: { username: 'admin' },
    });
  });

  it('exits 4 after a login that needs a new password it cannot ask for, keeping the session', async () => {
    const { code, stderr, calls } = await run(
      ['login', '--server', 'http://b.test', '--username', 'admin', '--password-stdin'],
      { stdin: 'first-password\n', answer: () => json(200, session) },
    );

    expect(code).toBe(4);
    expect(stderr).toContain('berth password change');
    expect(calls.map((c) => c.url)).toEqual(['http://b.test/api/v1/auth/login']);
    expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toContain('token: bses_abc');
  });

  it('asks twice for the required new password on a terminal, again when they differ', async () => {
    const { code, prompts, calls } = await run(['login', '--server', 'http://b.test'], {
      prompts: [
        'admin',
        'first-password',
        'new-password-1',
        'typo',
        'new-password-2',
        'new-password-2',
      ],
      answer: (call) =>
        call.url.endsWith('/login') ? json(200, session) : new Response(null, { status: 204 }),
    });

    expect(code).toBe(0);
    expect(prompts).toEqual([
      'Username',
      'Password',
      'New password',
      'Repeat the new password',
      'New password',
      'Repeat the new password',
    ]);
    expect(calls[1]).toEqual({
      method: 'POST',
      url: 'http://b.test/api/v1/auth/password',
      body: { currentPassword: 'first-password', newPassword: 'new-password-2' },
    });
  });
});
