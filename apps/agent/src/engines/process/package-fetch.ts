import { createHash, type KeyObject, sign } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat, truncate } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { blobRequestText } from '@berth/spec';
import { RetryLaterError } from '../../reconcile/engine-driver.js';

/** A package to fetch: where, and what its bytes must hash to. */
export interface PackageSource {
  /** Absolute URL of the blob on the control plane. */
  url: string;
  sha256: string;
  size: number;
}

/** The headers that prove a request comes from this node (see the server's blob route). */
export function nodeSignedHeaders(
  nodeId: string,
  privateKey: KeyObject,
  sha256: string,
  now = Date.now(),
): Record<string, string> {
  const time = String(now);
  const signature = sign(null, Buffer.from(blobRequestText(nodeId, sha256, time)), privateKey);
  return {
    'berth-node': nodeId,
    'berth-time': time,
    'berth-signature': signature.toString('base64'),
  };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Fetches a package to `dest`, resuming a download that broke off: the bytes so far stay
 * in `<dest>.part` and the next attempt asks for the rest with `Range`. The whole file
 * must hash to `sha256`, else it is deleted and the fetch fails (a corrupted download is
 * never unpacked). Idempotent: a `dest` already there is checked, not fetched again.
 * @throws RetryLaterError (network, server, digest mismatch — the next attempt starts over
 *   or resumes).
 */
export async function fetchPackage(
  source: PackageSource,
  dest: string,
  headers: (sha256: string) => Record<string, string>,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  if ((await sizeOf(dest)) === source.size && (await sha256Of(dest)) === source.sha256) return;
  const part = `${dest}.part`;
  let have = await sizeOf(part);
  if (have > source.size) {
    await truncate(part, 0);
    have = 0;
  }
  if (have < source.size) {
    let res: Response;
    try {
      res = await fetchImpl(source.url, {
        headers: { ...headers(source.sha256), ...(have > 0 ? { range: `bytes=${have}-` } : {}) },
        signal: AbortSignal.timeout(10 * 60_000),
      });
    } catch (error) {
      throw new RetryLaterError(`downloading the package failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      if (res.status === 416) await rm(part, { force: true });
      throw new RetryLaterError(
        `downloading the package failed: the server answered ${res.status}`,
      );
    }
    if (!res.body) throw new RetryLaterError('downloading the package failed: no body');
    // 200 means the server sent it all again; 206 carries on after what we have.
    const append = res.status === 206 && have > 0;
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
        createWriteStream(part, { flags: append ? 'a' : 'w' }),
      );
    } catch (error) {
      throw new RetryLaterError(
        `the package download broke off at ${await sizeOf(part)} of ${source.size} bytes; it resumes there`,
        { cause: error },
      );
    }
  }
  const digest = await sha256Of(part);
  if (digest !== source.sha256) {
    await rm(part, { force: true });
    throw new RetryLaterError(
      `the downloaded package is corrupted (sha256 ${digest.slice(0, 12)}…, expected ${source.sha256.slice(0, 12)}…); it is fetched again`,
    );
  }
  await rename(part, dest);
}
