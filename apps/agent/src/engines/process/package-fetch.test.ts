import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchPackage } from './package-fetch.js';

/** A blob server that can cut a response short or flip a byte, and records Range headers. */
const blob = randomBytes(256 * 1024);
const sha256 = createHash('sha256').update(blob).digest('hex');
let mode: 'ok' | 'cut' | 'corrupt' = 'ok';
const ranges: (string | undefined)[] = [];
let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    ranges.push(req.headers.range);
    if (req.headers['berth-node'] !== 'node-1') {
      res.writeHead(401).end();
      return;
    }
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const body = Buffer.from(blob.subarray(start));
    if (mode === 'corrupt') body[100] = (body[100] as number) ^ 0xff;
    res.writeHead(start > 0 ? 206 : 200, { 'content-length': String(body.length) });
    if (mode === 'cut') {
      res.write(body.subarray(0, 100_000));
      setTimeout(() => res.destroy(), 20);
    } else res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/agent/blobs/${sha256}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-fetch-'));
  mode = 'ok';
  ranges.length = 0;
  return () => rm(dir, { recursive: true, force: true });
});

const headers = () => ({ 'berth-node': 'node-1' });
const source = () => ({ url, sha256, size: blob.length });

describe(fetchPackage, () => {
  it('fetches a package and checks its sha256; a second fetch changes nothing', async () => {
    const dest = join(dir, 'pkg');
    await fetchPackage(source(), dest, headers);
    expect((await readFile(dest)).equals(blob)).toBe(true);
    await fetchPackage(source(), dest, headers);
    expect(ranges).toHaveLength(1);
  });

  it('resumes a download that broke off where it stopped', async () => {
    const dest = join(dir, 'pkg');
    mode = 'cut';
    await expect(fetchPackage(source(), dest, headers)).rejects.toThrow('resumes there');
    const kept = (await stat(`${dest}.part`)).size;
    expect(kept).toBeGreaterThan(0);
    mode = 'ok';
    await fetchPackage(source(), dest, headers);
    expect(ranges.at(-1)).toBe(`bytes=${kept}-`);
    expect((await readFile(dest)).equals(blob)).toBe(true);
  });

  it('refuses a corrupted download, keeps none of it, and fetches it whole next time', async () => {
    const dest = join(dir, 'pkg');
    mode = 'corrupt';
    await expect(fetchPackage(source(), dest, headers)).rejects.toThrow('corrupted');
    await expect(stat(dest)).rejects.toThrow();
    await expect(stat(`${dest}.part`)).rejects.toThrow();
    mode = 'ok';
    await fetchPackage(source(), dest, headers);
    expect(ranges.at(-1)).toBeUndefined();
    expect((await readFile(dest)).equals(blob)).toBe(true);
  });

  it('replaces a file at the destination that is not the package', async () => {
    const dest = join(dir, 'pkg');
    await writeFile(dest, Buffer.alloc(blob.length));
    await fetchPackage(source(), dest, headers);
    expect((await readFile(dest)).equals(blob)).toBe(true);
  });

  it('says why when the server refuses', async () => {
    await expect(fetchPackage(source(), join(dir, 'pkg'), () => ({}))).rejects.toThrow(
      'answered 401',
    );
  });
});
