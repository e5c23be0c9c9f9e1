import type { Readable } from 'node:stream';

/** What the store knows of one blob. */
export interface BlobInfo {
  sha256: string;
  size: number;
}

/**
 * Content-addressed storage of uploaded bytes (light app packages): a blob is named by
 * its sha256, so storing the same bytes twice keeps one copy and a name always means the
 * same bytes. Implementations write atomically: a blob is visible whole or not at all.
 */
export interface BlobStore {
  /**
   * Stores the stream's bytes. @throws BlobTooLargeError once more than `maxBytes`
   * arrive (nothing is kept); rethrows the stream's own errors (nothing is kept).
   */
  put(source: Readable, maxBytes: number): Promise<BlobInfo>;
  /** The blob's size, or undefined when the store does not have it. */
  stat(sha256: string): Promise<BlobInfo | undefined>;
  /** Reads the blob, or the bytes `start`…`end` (inclusive) of it. */
  open(sha256: string, range?: { start: number; end: number }): Readable;
  /** The whole blob in memory; for small blobs only. */
  read(sha256: string): Promise<Buffer>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
  }
}
