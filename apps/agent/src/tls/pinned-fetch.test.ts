import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintMismatchError } from '../agent-errors.js';
import {
  createSelfSignedCert,
  hasOpenssl,
  type SelfSignedCert,
} from '../testing/self-signed-cert.js';
import { pinnedFetch } from './pinned-fetch.js';

describe.skipIf(!hasOpenssl())(pinnedFetch, () => {
  let cert: SelfSignedCert;
  let other: SelfSignedCert;
  let server: Server;
  let base: string;
  const seen: Array<Record<string, string | string[] | undefined>> = [];
  const bytes = Buffer.from('a package, byte for byte');

  beforeAll(async () => {
    cert = createSelfSignedCert();
    other = createSelfSignedCert();
    server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
      seen.push(req.headers);
      const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
      res.writeHead(from > 0 ? 206 : 200, { 'content-length': String(bytes.length - from) });
      res.end(bytes.subarray(from));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads from a self-signed server whose certificate matches the pin, with its headers', async () => {
    const res = await pinnedFetch(cert.fingerprint)(`${base}/api/v1/agent/blobs/x`, {
      headers: { 'berth-node': 'n1', range: 'bytes=10-' },
    });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(10));
    expect(seen.at(-1)).toMatchObject({ 'berth-node': 'n1', range: 'bytes=10-' });
  });

  it('refuses a server whose certificate is not the pinned one, sending nothing', async () => {
    const before = seen.length;
    await expect(
      pinnedFetch(other.fingerprint)(`${base}/api/v1/agent/blobs/x`, {
        headers: { 'berth-node': 'n1' },
      }),
    ).rejects.toBeInstanceOf(FingerprintMismatchError);
    expect(seen.length).toBe(before);
  });
});
