import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type BlobInfo, type BlobStore, BlobTooLargeError } from './blob-store.js';

const digest = /^[0-9a-f]{64}$/;

/**
 * A blob store in a folder: `<root>/<aa>/<sha256>`, written to `<root>/tmp` first, fsynced
 * and renamed into place, so a crash leaves either the whole blob or a stray temp file
 * (removed at the next start). Two replicas may share the folder: equal bytes rename
 * onto equal bytes.
 */
export async function createFileBlobStore(root: string): Promise<BlobStore> {
  const tmp = join(root, 'tmp');
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  const pathOf = (sha256: string) => {
    if (!digest.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(root, sha256.slice(0, 2), sha256);
  };

  return {
    async put(source, maxBytes) {
      const temp = join(tmp, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const counter = async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
          hash.update(chunk);
          yield chunk;
        }
      };
      const sink = createWriteStream(temp, { mode: 0o600 });
      try {
        await pipeline(source, counter, sink);
        const handle = await open(temp, 'r');
        await handle.sync();
        await handle.close();
        const sha256 = hash.digest('hex');
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        await rename(temp, pathOf(sha256));
        return { sha256, size };
      } catch (error) {
        // The sink opens its file asynchronously: a source that fails at once would have
        // the file created after the removal, unless the sink has closed first.
        if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
        await rm(temp, { force: true });
        throw error;
      }
    },

    async stat(sha256): Promise<BlobInfo | undefined> {
      if (!digest.test(sha256)) return undefined;
      try {
        return { sha256, size: (await stat(pathOf(sha256))).size };
      } catch {
        return undefined;
      }
    },

    open(sha256, range) {
      return createReadStream(pathOf(sha256), range ? { start: range.start, end: range.end } : {});
    },

    read(sha256) {
      return readFile(pathOf(sha256));
    },
  };
}
