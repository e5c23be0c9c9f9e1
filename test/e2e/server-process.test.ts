import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../apps/server/src/db/database.js';
import { createKeyring, keyId } from '../../apps/server/src/secrets/keyring.js';
import { createSecretStore } from '../../apps/server/src/secrets/secret-store.js';
import { templates } from '../../apps/server/src/testing/templates.js';
import { ServerProcess, serverMain } from '../harness/server-process.js';

/** The control plane as users run it: a process, its output, its files and its signals. */

const started: ServerProcess[] = [];
afterEach(async () => {
  for (const s of started.splice(0).reverse()) await s.dispose();
});

async function start(options: Parameters<typeof ServerProcess.start>[0] = {}) {
  const server = await ServerProcess.start({ templates: templates(), ...options });
  started.push(server);
  return server;
}

async function post(url: string, body: unknown, token?: string) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe('first start on the embedded default', () => {
  it('prints where it runs and a one-time admin password kept in a 0600 file', async () => {
    const s = await start({ fresh: true, embedded: true });
    expect(s.stderr).toContain(`Berth 0.1.0 is running at ${s.url}`);
    expect(s.stderr).toContain(`API reference: ${s.url}/api/docs`);
    const file = join(s.dataDir, 'initial-admin-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(s.stderr).toContain(password);
    expect(s.stdout).not.toContain(password);

    const login = await post(`${s.url}/api/v1/auth/login`, { username: 'admin', password });
    const body = (await login.json()) as { token: string; mustChangePassword: boolean };
    expect(body.mustChangePassword).toBe(true);
    const change = await post(
      `${s.url}/api/v1/auth/password`,
      { currentPassword: password, newPassword: 'a fresh passphrase' },
      body.token,
    );
    expect(change.status).toBe(204);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second process on the same data folder, naming the first', async () => {
    const s = await start({ embedded: true, adminPassword: 'first-start-pass' });
    const second = spawnSync(process.execPath, [serverMain], {
      env: { ...s.env, BERTH_PORT: String(s.port + 1) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(
      `Another Berth process (pid ${s.child.pid}) is using the data folder`,
    );
  });
});

describe('start-up errors', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [serverMain], {
      env: { PATH: process.env.PATH ?? '', BERTH_DATA_DIR: '/tmp/berth-never-used', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('exits 2 and names each bad setting', () => {
    const res = run({ BERTH_PORT: 'seventy', BERTH_LOG_LEVEL: 'chatty' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('BERTH_PORT (or --port): must be a number (got "seventy")');
    expect(res.stderr).toContain('BERTH_LOG_LEVEL');
  });

  it('requires a master key with an external Postgres, and says how to make one', () => {
    const res = run({ DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('BERTH_MASTER_KEY is required with DATABASE_URL');
    expect(res.stderr).toContain('openssl rand -base64 32');
  });

  it('refuses to start when stored secrets need a master key it does not have (R13)', async () => {
    const s = await start({ embedded: true, adminPassword: 'first-start-pass' });
    expect(await s.stop('SIGTERM')).toBe(0);
    const lostKey = randomBytes(32);
    const db = await openDatabase({ kind: 'pglite', dataDir: join(s.dataDir, 'db') });
    await createSecretStore(createKeyring({ id: keyId(lostKey), key: lostKey })).put(
      db.db,
      null,
      'test',
      'x',
    );
    await db.close();
    const res = spawnSync(process.execPath, [serverMain], {
      env: { ...process.env, ...s.env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      `sealed with master key(s) ${keyId(lostKey)}, which are not configured`,
    );
  });

  it('prints the settings with --help', () => {
    const res = spawnSync(process.execPath, [serverMain, '--help'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('BERTH_DATA_DIR');
  });
});

describe('shutdown and restart', () => {
  it('finishes requests in flight on SIGTERM, closes the database and exits 0', async () => {
    const s = await start({ adminPassword: 'first-start-pass', env: { BERTH_LOG_LEVEL: 'debug' } });
    const inflight = post(`${s.url}/api/v1/auth/login`, {
      username: 'admin',
      password: 'first-start-pass',
    });
    // Signal once the server has the request: argon2 then keeps it in flight for ~50 ms.
    const received = () =>
      s.stdout
        .split('\n')
        .some((l) => l.includes('"url":"/api/v1/auth/login"') && l.includes('incoming request'));
    while (!received()) await new Promise((r) => setTimeout(r, 1));
    const stopping = s.stop('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(await stopping).toBe(0);
    expect(s.stdout).toContain('shutting down');
    expect(s.stdout).toContain('stopped: database closed cleanly');
  });

  it('keeps its state across a restart', async () => {
    const s = await start({ adminPassword: 'first-start-pass' });
    const login = (await (
      await post(`${s.url}/api/v1/auth/login`, { username: 'admin', password: 'first-start-pass' })
    ).json()) as { token: string };
    await post(
      `${s.url}/api/v1/auth/password`,
      { currentPassword: 'first-start-pass', newPassword: 'changed before restart' },
      login.token,
    );
    expect(await s.stop('SIGTERM')).toBe(0);

    const again = await start({ dataDir: s.dataDir, env: s.env, port: s.port });
    expect(again.stderr).not.toContain('Sign in as');
    const res = await post(`${again.url}/api/v1/auth/login`, {
      username: 'admin',
      password: 'changed before restart',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
  });
});
