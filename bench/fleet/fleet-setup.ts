import { joinSimNode, type SimIdentity } from '../../test/harness/sim-agent.js';

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!, i);
      }
    }),
  );
  return out;
}

export async function api(
  server: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${server}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Signs the first-start admin in, changes the password and returns a personal token. */
export async function adminToken(server: string, password: string): Promise<string> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    }).then(async (r) => (r.status === 204 ? {} : ((await r.json()) as Record<string, unknown>)));
  const login = await post('/auth/login', { username: 'admin', password });
  const session = login.token as string;
  await post(
    '/auth/password',
    { currentPassword: password, newPassword: 'fleet bench passphrase' },
    session,
  );
  return (await post('/tokens', { name: 'fleet bench' }, session)).token as string;
}

/** Creates `count` nodes in `cluster` and joins each, as hosts would. */
export async function joinNodes(
  server: string,
  token: string,
  cluster: string,
  count: number,
  prefix: string,
): Promise<SimIdentity[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
  const tokens = await pool(names, 32, async (name) => {
    const created = await api(server, token, 'POST', `/clusters/${cluster}/nodes`, { name });
    return (created.join as { token: string }).token;
  });
  return pool(names, 32, (name, i) => joinSimNode(server, name, tokens[i]!));
}
