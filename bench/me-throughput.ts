import autocannon from 'autocannon';
import pg from 'pg';
import { randomKey, removeDir, startServer } from './server.js';

const adminPassword = 'bench-admin-pass';

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(url, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
}

/** Signs the first-start admin in, changes the password, and mints a personal token. */
async function personalToken(url: string): Promise<string> {
  const login = await json(`${url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  const session = login!.token as string;
  await json(`${url}/api/v1/auth/password`, {
    method: 'POST',
    token: session,
    body: JSON.stringify({ currentPassword: adminPassword, newPassword: 'bench passphrase 2' }),
  });
  const pat = await json(`${url}/api/v1/tokens`, {
    method: 'POST',
    token: session,
    body: JSON.stringify({ name: 'bench' }),
  });
  return pat!.token as string;
}

/**
 * Target of issue #2: authenticated GET /api/v1/me with a personal access token, 50
 * connections, at least 5,000 requests/s on this 2-core machine (the load generator
 * shares the machine with the server).
 */
export async function benchMe(database: 'pglite' | 'postgres', postgresUrl: string, seconds = 10) {
  let env: Record<string, string> = { BERTH_ADMIN_PASSWORD: adminPassword };
  let dropDatabase = async () => {};
  if (database === 'postgres') {
    const name = `berth_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(postgresUrl);
    u.pathname = `/${name}`;
    env = { ...env, DATABASE_URL: u.toString(), BERTH_MASTER_KEY: randomKey() };
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const server = await startServer({
    command: ['node', 'apps/server/dist/berth-server.mjs'],
    port: 7791,
    env,
  });
  try {
    const token = await personalToken(server.url);
    const options = {
      url: `${server.url}/api/v1/me`,
      connections: 50,
      headers: { authorization: `Bearer ${token}` },
    };
    await autocannon({ ...options, duration: 2 }); // warm-up
    const result = await autocannon({ ...options, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
    }
    return {
      database,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      requests: result.requests.total,
      seconds,
    };
  } finally {
    await server.stop();
    removeDir(server.dataDir);
    await dropDatabase();
  }
}
