import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BlobStore, BlobTooLargeError } from './blob-store.js';
import { createFileBlobStore } from './file-blob-store.js';

let root: string;
let store: BlobStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-blobs-'));
  store = await createFileBlobStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe(createFileBlobStore, () => {
  it('stores bytes under their sha256 and reads them back, whole or by range', async () => {
    const info = await store.put(Readable.from([Buffer.from('hello '), Buffer.from('world')]), 100);
    expect(info).toEqual({ sha256: sha('hello world'), size: 11 });
    expect(await store.stat(info.sha256)).toEqual(info);
    expect((await store.read(info.sha256)).toString()).toBe('hello world');
    expect(await text(store.open(info.sha256, { start: 6, end: 10 }))).toBe('world');
  });

  it('keeps one copy of equal bytes', async () => {
    const a = await store.put(Readable.from([Buffer.from('same')]), 100);
    const b = await store.put(Readable.from([Buffer.from('same')]), 100);
    expect(a).toEqual(b);
    expect(await readdir(join(root, a.sha256.slice(0, 2)))).toEqual([a.sha256]);
  });

  it('refuses more than the limit and keeps nothing', async () => {
    await expect(
      store.put(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), 100),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['tmp']);
  });

  it('keeps nothing when the upload breaks off', async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(store.put(broken, 100)).rejects.toThrow('connection lost');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('knows nothing of names that are not digests', async () => {
    expect(await store.stat('../../etc/passwd')).toBeUndefined();
    expect(() => store.open('../x')).toThrow('not a sha256');
  });
});
