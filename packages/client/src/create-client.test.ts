import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
import { BerthConnectionError } from './berth-connection-error.js';
import { createClient } from './create-client.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records what it was asked and answers with `reply`. */
function recordingFetch(reply: () => Response) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return reply();
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

const notFound = {
  type: 'https://berth.dev/problems/not-found',
  title: 'Not found',
  status: 404,
  detail: 'Account "nope" not found',
  code: 'not_found',
  requestId: 'req-1',
};

describe(createClient, () => {
  it('sends the token, the account header and a JSON body', async () => {
    const { fetch, seen } = recordingFetch(() => json(200, { role: 'viewer' }));
    const client = createClient({
      server: 'http://berth.test/',
      token: 't0k',
      account: 'acme',
      fetch,
    });

    await client.accounts.setMember('acme', 'bob', 'viewer');

    expect(seen[0]).toEqual({
      url: 'http://berth.test/api/v1/accounts/acme/members/bob',
      method: 'PUT',
      headers: expect.objectContaining({
        authorization: 'Bearer t0k',
        'berth-account': 'acme',
        'content-type': 'application/json',
      }),
      body: { role: 'viewer' },
    });
  });

  it('sends no account header and no authorization when none is set', async () => {
    const { fetch, seen } = recordingFetch(() => json(200, {}));
    await createClient({ server: 'http://berth.test', fetch }).me();

    expect(seen[0]?.headers).not.toHaveProperty('authorization');
    expect(seen[0]?.headers).not.toHaveProperty('berth-account');
  });

  it('puts list options in the query and leaves out unset ones', async () => {
    const { fetch, seen } = recordingFetch(() => json(200, { items: [], nextCursor: null }));
    const client = createClient({ server: 'http://berth.test', fetch });

    await client.audit.list({ action: 'tokens.create', limit: 5, user: undefined });

    expect(seen[0]?.url).toBe('http://berth.test/api/v1/audit?action=tokens.create&limit=5');
  });

  it('encodes names that land in the path', async () => {
    const { fetch, seen } = recordingFetch(() => new Response(null, { status: 204 }));
    await createClient({ server: 'http://berth.test', fetch }).tokens.revoke('a/b?c');

    expect(seen[0]?.url).toBe('http://berth.test/api/v1/tokens/a%2Fb%3Fc');
  });

  it('resolves to undefined on 204', async () => {
    const { fetch } = recordingFetch(() => new Response(null, { status: 204 }));
    await expect(createClient({ server: 'http://berth.test', fetch }).auth.logout()).resolves.toBe(
      undefined,
    );
  });

  it('keeps a path prefix of the server URL', async () => {
    const { fetch, seen } = recordingFetch(() => json(200, {}));
    await createClient({ server: 'https://example.com/berth/', fetch }).me();

    expect(seen[0]?.url).toBe('https://example.com/berth/api/v1/me');
  });

  it('throws BerthApiError with the parsed problem', async () => {
    const { fetch } = recordingFetch(() => json(404, notFound, 'application/problem+json'));
    const error = await createClient({ server: 'http://berth.test', fetch })
      .accounts.get('nope')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BerthApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', problem: notFound });
    expect((error as Error).message).toBe('Account "nope" not found');
  });

  it('synthesises a problem when the answer is not problem+json', async () => {
    const { fetch } = recordingFetch(
      () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const error = await createClient({ server: 'http://berth.test', fetch })
      .me()
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      status: 502,
      problem: { status: 502, code: 'unexpected_response', title: 'Bad Gateway' },
    });
    expect((error as Error).message).toContain('502 Bad Gateway');
  });

  it('refuses a server URL that is not http(s)', () => {
    expect(() => createClient({ server: 'ftp://x' })).toThrow(TypeError);
    expect(() => createClient({ server: 'localhost:7700' })).toThrow(/not a server URL/);
  });

  it('throws BerthConnectionError naming the URL when nothing listens', async () => {
    const port = await closedPort();
    const error = await createClient({ server: `http://127.0.0.1:${port}` })
      .me()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BerthConnectionError);
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/api/v1/me`);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

/** A port that was just listened on and closed, so a connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
