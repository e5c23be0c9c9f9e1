import { open, stat } from 'node:fs/promises';
import type { OutputSink } from '../../reconcile/engine-driver.js';

const chunkBytes = 64 * 1024;
/** Bytes read from the end to find the last `tail` lines; a bound, not a guarantee of all of them. */
const tailWindow = 4 * 1024 * 1024;

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await handle.close();
  }
}

const sizeOf = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => 0,
  );

/**
 * Writes the last `tail` lines of a program's log into `sink`, then — with `follow` —
 * what the program appends, until the sink's reader is gone. A log emptied by rotation
 * is read again from its start.
 */
export async function streamProgramLog(
  path: string,
  options: { tail: number; follow: boolean },
  sink: OutputSink,
): Promise<void> {
  let offset = await sizeOf(path);
  const window = await readRange(path, Math.max(0, offset - tailWindow), offset);
  const lines = window.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const last = options.tail === 0 ? [] : lines.slice(-options.tail);
  if (last.length > 0 && !(await sink.write(`${last.join('\n')}\n`))) return;
  while (options.follow && !sink.signal.aborted) {
    await new Promise((r) => setTimeout(r, 300));
    const size = await sizeOf(path);
    if (size < offset) offset = 0;
    while (offset < size && !sink.signal.aborted) {
      const piece = await readRange(path, offset, Math.min(size, offset + chunkBytes));
      if (piece.length === 0) break;
      offset += piece.length;
      if (!(await sink.write(piece.toString('utf8')))) return;
    }
  }
}
