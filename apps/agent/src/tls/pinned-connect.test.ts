import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintMismatchError, ServerUnreachableError } from '../agent-errors.js';
import { postJson } from '../join/post-json.js';
import {
  createSelfSignedCert,
  hasOpenssl,
  type SelfSignedCert,
} from '../testing/self-signed-cert.js';
import { pinnedConnect } from './pinned-connect.js';

const token = 'bjn_canary_must_never_leave';

describe.skipIf(!hasOpenssl())(pinnedConnect, () => {
  let cert: SelfSignedCert;
  let other: SelfSignedCert;
  let server: Server;
  let url: URL;
  const bodies: string[] = [];
  let connections = 0;

  beforeAll(async () => {
    cert = createSelfSignedCert();
    other = createSelfSignedCert();
    server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/agent/join`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a self-signed certificate whose fingerprint matches: the request arrives', async () => {
    const answer = await postJson(url, { token }, { fingerprint: cert.fingerprint });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    expect(bodies.at(-1)).toContain(token);
  });

  it('aborts after the handshake when the fingerprint differs: the token never arrives (R3)', async () => {
    bodies.length = 0;
    const before = connections;
    const attempt = postJson(url, { token }, { fingerprint: other.fingerprint });
    await expect(attempt).rejects.toBeInstanceOf(FingerprintMismatchError);
    await expect(attempt).rejects.toThrow(cert.fingerprint);
    await new Promise((r) => setTimeout(r, 100));
    expect(connections).toBe(before + 1); // it did reach the server…
    expect(bodies).toEqual([]); // …and sent nothing
  });

  it('refuses the self-signed certificate without a pin', async () => {
    bodies.length = 0;
    await expect(postJson(url, { token })).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(bodies).toEqual([]);
  });
});
