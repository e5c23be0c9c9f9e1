import { request } from 'node:https';
import { Readable } from 'node:stream';
import { pinnedConnect } from './pinned-connect.js';

/**
 * A `fetch` for GET requests to a server whose certificate the node pinned at join (R3):
 * the same check as the agent's session (`pinnedConnect`: the handshake finishes and the
 * leaf's SHA-256 fingerprint must match before a byte is sent), so a package download
 * works against a self-signed control plane and never against an impostor. Plain `http:`
 * URLs go to the global fetch. Only what the package download needs: headers, signal,
 * status, headers and a streamed body.
 */
export function pinnedFetch(fingerprint: string, connectTimeoutMs = 30_000): typeof fetch {
  const createConnection = pinnedConnect(fingerprint, connectTimeoutMs);
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.protocol !== 'https:') return fetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, {
        method: 'GET',
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        createConnection: createConnection as never,
        ...(init?.signal ? { signal: init.signal } : {}),
      });
      req.once('error', reject);
      req.once('response', (res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
        }
        const status = res.statusCode ?? 502;
        const empty = status === 204 || status === 304;
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), {
            status,
            headers,
          }),
        );
      });
      req.end();
    });
  }) as typeof fetch;
}
