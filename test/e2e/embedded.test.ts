import { afterEach, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import { ServerProcess } from '../harness/server-process.js';

/**
 * The embedded default as `npm start` runs it: the control plane and, in the same
 * process, the agent of this machine, joined to the shared cluster `local`.
 */
const started: ServerProcess[] = [];
afterEach(async () => {
  for (const s of started.splice(0).reverse()) await s.dispose();
});

async function admin(url: string, password: string): Promise<string> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const login = (await (await post('/auth/login', { username: 'admin', password })).json()) as {
    token: string;
    mustChangePassword: boolean;
  };
  if (login.mustChangePassword)
    await post(
      '/auth/password',
      { currentPassword: password, newPassword: 'embedded test pass' },
      login.token,
    );
  return login.token;
}

async function localNode(url: string, token: string) {
  const res = await fetch(`${url}/api/v1/clusters/local/nodes/local`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await res.json()) as {
    status: string;
    facts: { hostname: string } | null;
    joinedAt: string | null;
  };
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start: the server and the local agent in one process', () => {
  it('joins this machine to the cluster "local", online with its facts, and keeps it across restarts', async () => {
    const s = await ServerProcess.start({
      templates: templates(),
      launcher: true,
      embedded: true,
      adminPassword: 'first-start-pass',
    });
    started.push(s);
    await until(async () =>
      s.stderr.includes('This machine runs as node "local" of the cluster "local"')
        ? true
        : undefined,
    );
    const token = await admin(s.url, 'first-start-pass');
    const node = await until(async () => {
      const n = await localNode(s.url, token);
      return n.status === 'online' ? n : undefined;
    });
    expect(node.facts?.hostname).toBeTruthy();
    expect(await s.stop('SIGTERM')).toBe(0);

    const again = await ServerProcess.start({
      templates: templates(),
      launcher: true,
      dataDir: s.dataDir,
      env: s.env,
      port: s.port,
    });
    started.push(again);
    const token2 = await admin(again.url, 'embedded test pass');
    const back = await until(async () => {
      const n = await localNode(again.url, token2);
      return n.status === 'online' ? n : undefined;
    });
    expect(back.joinedAt).toBe(node.joinedAt);
    const list = await fetch(`${again.url}/api/v1/clusters/local/nodes`, {
      headers: { authorization: `Bearer ${token2}` },
    });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('leaves the local node to a separate agent with BERTH_LOCAL_AGENT=0', async () => {
    const s = await ServerProcess.start({
      templates: templates(),
      launcher: true,
      embedded: true,
      adminPassword: 'first-start-pass',
      env: { BERTH_LOCAL_AGENT: '0' },
    });
    started.push(s);
    const token = await admin(s.url, 'first-start-pass');
    const res = await fetch(`${s.url}/api/v1/clusters/local`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    expect(s.stderr).not.toContain('This machine runs as node');
  });
});
