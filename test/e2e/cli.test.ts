import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import { freePort } from '../harness/free-port.js';
import { ServerProcess } from '../harness/server-process.js';
import { berthCli, problemOf } from './berth-cli.js';

/** `berth ARGS` with this file's config and home, unless the options say otherwise. */
const berth = (
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; config?: string } = {},
) => berthCli(args, { home, config: configFile, ...options });

const adminPassword = 'a long harbour passphrase 1';
const alicePassword = 'wonderland rabbit hole 42';

let server: ServerProcess;
let home: string;
let configFile: string;
let initialPassword: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'berth-cli-e2e-'));
  configFile = join(home, 'berth', 'config.yaml');
  // The generated first-start password, as an operator would find it in the data folder.
  server = await ServerProcess.start({ templates: templates() });
  initialPassword = readFileSync(join(server.dataDir, 'initial-admin-password'), 'utf8').trim();
});

afterAll(async () => {
  await server?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

// The tests run in order and build on each other, like one session at a terminal: the
// admin signs in first, and later tests use the accounts, users and tokens made before.
describe('berth against a running server', () => {
  it('signs the admin in and sets the required new password from stdin', async () => {
    const run = await berth(
      [
        'login',
        '--server',
        server.url,
        '--username',
        'admin',
        '--password-stdin',
        '--new-password-stdin',
        '-o',
        'json',
      ],
      { stdin: `${initialPassword}\n${adminPassword}\n` },
    );

    expect(run.stderr).toContain('Password changed.');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      server: server.url,
      username: 'admin',
      passwordChanged: true,
    });
    expect(readFileSync(configFile, 'utf8')).toMatch(/token: bses_/);
  });

  it('keeps the config file private: mode 0600 in a 0700 directory', () => {
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'berth')).mode & 0o777).toBe(0o700);
  });

  it('shows who is signed in, as a table and as JSON', async () => {
    const table = await berth(['whoami']);
    const json = await berth(['whoami', '-o', 'json']);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^User:\s+admin$/m);
    expect(table.stdout).toMatch(/^ACCOUNT\s+TYPE\s+ROLE/m);
    expect(table.stdout).toMatch(/^platform\s+platform\s+owner/m);
    expect(JSON.parse(json.stdout)).toMatchObject({
      server: server.url,
      user: { username: 'admin', platformAdmin: true },
      accounts: [{ name: 'platform', role: 'owner' }],
      token: { kind: 'session' },
    });
  });

  it('creates an account, a user and makes the user a member', async () => {
    const account = await berth([
      'accounts',
      'create',
      'acme',
      '--type',
      'isv',
      '--display-name',
      'ACME Parking',
    ]);
    const user = await berth(['users', 'create', 'alice', '--password-stdin', '-o', 'json'], {
      stdin: `${alicePassword}\n`,
    });
    const member = await berth([
      'members',
      'set',
      'alice',
      '--role',
      'developer',
      '--account',
      'acme',
    ]);
    const members = await berth(['members', 'list', '--account', 'acme', '-o', 'json']);

    expect(account.code).toBe(0);
    expect(account.stdout).toMatch(
      /^NAME\s+TYPE\s+DISPLAY NAME\s+CREATED\nacme\s+isv\s+ACME Parking\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$/,
    );
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ username: 'alice', mustChangePassword: false });
    expect(member.code).toBe(0);
    expect(JSON.parse(members.stdout).items).toEqual([
      expect.objectContaining({ username: 'alice', role: 'developer' }),
    ]);
  });

  it('prints a new token once, lists it without its secret and revokes it', async () => {
    const created = await berth(['tokens', 'create', 'ci', '--expires-in-days', '30']);
    const token = created.stdout.trim();
    const listed = await berth(['tokens', 'list', '-o', 'json']);
    const { items } = JSON.parse(listed.stdout) as { items: { id: string; name: string }[] };
    const id = items.find((t) => t.name === 'ci')?.id ?? '';
    const table = await berth(['tokens', 'list']);

    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^bpat_\S+\n$/);
    expect(created.stderr).toContain('not shown again');
    expect(listed.stdout).not.toContain(token);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+ACCOUNT\s+CREATED\s+EXPIRES\s+LAST USED$/m);
    expect(table.stdout).not.toContain(token);

    const revoked = await berth(['tokens', 'revoke', id]);
    const after = await berth(['tokens', 'list', '-o', 'json']);
    const refused = await berth(['whoami', '--token', token]);

    expect(revoked.code).toBe(0);
    expect(JSON.parse(after.stdout).items).toEqual([]);
    expect(refused.code).toBe(3);
  });

  it('acts with --token or BERTH_TOKEN and in the account --account names', async () => {
    const token = (await berth(['tokens', 'create', 'automation'])).stdout.trim();
    const empty = join(home, 'empty', 'config.yaml');

    const members = await berth(
      ['members', 'list', '--server', server.url, '--token', token, '--account', 'acme'],
      { config: empty },
    );
    const me = await berth(['whoami', '-o', 'json'], {
      config: empty,
      env: { BERTH_SERVER: server.url, BERTH_TOKEN: token },
    });

    expect(members.code).toBe(0);
    expect(members.stdout).toMatch(/^alice\s+developer/m);
    expect(JSON.parse(me.stdout)).toMatchObject({
      user: { username: 'admin' },
      token: { kind: 'personal' },
      context: null,
    });
    expect(existsSync(empty)).toBe(false);
  });

  it('lists the actions taken in the audit log of each account', async () => {
    const platform = await berth(['audit', 'list', '--account', 'platform', '-o', 'json']);
    const acme = await berth(['audit', 'list', '--account', 'acme', '--action', 'members.set']);
    const actions = JSON.parse(platform.stdout).items.map(
      (e: { action: string; target: string; result: string }) =>
        `${e.action} ${e.target} ${e.result}`,
    );

    expect(platform.code).toBe(0);
    expect(actions).toEqual(
      expect.arrayContaining([
        'accounts.create accounts/acme success',
        'users.create users/alice success',
      ]),
    );
    expect(acme.code).toBe(0);
    expect(acme.stdout).toMatch(
      /^TIME\s+USER\s+ACCOUNT\s+ACTION\s+TARGET\s+RESULT\s+STATUS\s+REQUEST ID$/m,
    );
    expect(acme.stdout).toMatch(
      /admin\s+acme\s+members\.set\s+accounts\/acme\/members\/alice\s+success\s+200/,
    );
  });

  it('keeps one context per sign-in, and lists and switches between them', async () => {
    const login = await berth(
      [
        'login',
        '--server',
        server.url,
        '--username',
        'alice',
        '--password-stdin',
        '--context',
        'alice',
        '--account',
        'acme',
      ],
      { stdin: `${alicePassword}\n` },
    );
    const afterLogin = await berth(['context', 'list', '-o', 'json']);
    const adminContext = JSON.parse(afterLogin.stdout).items.find(
      (c: { username: string }) => c.username === 'admin',
    ).name;
    const use = await berth(['context', 'use', adminContext]);
    const table = await berth(['context', 'list']);
    const me = await berth(['whoami', '-o', 'json']);

    expect(login.code).toBe(0);
    expect(JSON.parse(afterLogin.stdout)).toMatchObject({
      currentContext: 'alice',
      items: [
        { username: 'admin', current: false, signedIn: true },
        { name: 'alice', username: 'alice', account: 'acme', current: true, signedIn: true },
      ],
    });
    expect(afterLogin.stdout).not.toContain('bses_');
    expect(use.code).toBe(0);
    expect(table.stdout).toMatch(/^CURRENT\s+NAME\s+SERVER\s+USER\s+ACCOUNT\s+SIGNED IN$/m);
    expect(table.stdout).toMatch(new RegExp(`^\\*\\s+${adminContext.replace('.', '\\.')}\\s`, 'm'));
    expect(JSON.parse(me.stdout).user.username).toBe('admin');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
  });

  it('exits 3 when the server refuses the credentials (401)', async () => {
    const run = await berth(['whoami', '--token', 'bpat_not-a-real-token', '-o', 'json']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: /);
    expect(problemOf(run)).toMatchObject({ status: 401 });
  });

  it('exits 4 when the role does not allow the action (403)', async () => {
    const run = await berth([
      'accounts',
      'create',
      'globex',
      '--type',
      'customer',
      '--context',
      'alice',
    ]);

    expect(run.code).toBe(4);
    expect(run.stderr).toContain('Only platform administrators may do this');
  });

  it('exits 5 for something that does not exist (404)', async () => {
    const run = await berth(['accounts', 'get', 'nope']);

    expect(run.code).toBe(5);
    expect(run.stderr).toBe('error: Account "nope" not found\n');
  });

  it('exits 6 for a conflict (409)', async () => {
    const run = await berth(['accounts', 'create', 'acme', '--type', 'isv']);

    expect(run.code).toBe(6);
  });

  it('exits 7 for invalid input and prints each field error (422)', async () => {
    const run = await berth(['users', 'create', 'bob', '--password-stdin', '-o', 'json'], {
      stdin: 'short\n',
    });

    expect(run.code).toBe(7);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('\n  password: must be at least 10 characters\n');
    expect(problemOf(run)).toMatchObject({
      status: 422,
      errors: [{ path: 'password', message: 'must be at least 10 characters' }],
    });
  });

  it('exits 8 when nothing answers at the server address', async () => {
    const port = await freePort();
    const run = await berth([
      'whoami',
      '--server',
      `http://127.0.0.1:${port}`,
      '--token',
      'bpat_x',
    ]);

    expect(run.code).toBe(8);
    expect(run.stderr).toContain(
      `Cannot reach the Berth server at http://127.0.0.1:${port}/api/v1/me`,
    );
  });

  it('signs out: ends the session, forgets the token and exits 3 afterwards', async () => {
    const token = /token: (\S+)/.exec(readFileSync(configFile, 'utf8'))?.[1] ?? '';
    const logout = await berth(['logout']);
    const whoami = await berth(['whoami']);
    const oldSession = await berth(['whoami', '--server', server.url, '--token', token]);
    const contexts = JSON.parse((await berth(['context', 'list', '-o', 'json'])).stdout);

    expect(logout.code).toBe(0);
    expect(whoami.code).toBe(3);
    expect(whoami.stderr).toContain('Not signed in');
    expect(oldSession.code).toBe(3);
    expect(contexts.items.find((c: { username: string }) => c.username === 'admin')).toMatchObject({
      signedIn: false,
    });
  });
});
