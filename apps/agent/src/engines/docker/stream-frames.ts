/** One piece of a container's output: `stdout` (1) or `stderr` (2). */
export interface OutputFrame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

/**
 * Splits the engine's multiplexed output (logs and exec of a container without a TTY:
 * 8-byte headers — stream type, 0, 0, 0, big-endian length — each followed by that many
 * bytes) into frames, across chunk boundaries. Memory is bounded by one frame: a frame
 * longer than `maxFrame` is handed on in pieces.
 */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private current: { stream: OutputFrame['stream']; left: number } | undefined;

  constructor(private readonly maxFrame = 64 * 1024) {}

  /** Feeds a chunk; returns the (pieces of) frames it completes. */
  push(chunk: Buffer): OutputFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: OutputFrame[] = [];
    for (;;) {
      if (!this.current) {
        if (this.pending.length < 8) break;
        const type = this.pending[0];
        this.current = {
          stream: type === 2 ? 'stderr' : 'stdout',
          left: this.pending.readUInt32BE(4),
        };
        this.pending = this.pending.subarray(8);
      }
      if (this.current.left === 0) {
        this.current = undefined;
        continue;
      }
      if (this.pending.length === 0) break;
      const take = Math.min(this.current.left, this.pending.length, this.maxFrame);
      frames.push({ stream: this.current.stream, data: this.pending.subarray(0, take) });
      this.pending = this.pending.subarray(take);
      this.current.left -= take;
    }
    return frames;
  }
}

/** Splits a whole multiplexed buffer into stdout and stderr text. */
export function splitOutput(raw: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (const frame of new FrameSplitter(Number.MAX_SAFE_INTEGER).push(raw)) {
    (frame.stream === 'stderr' ? err : out).push(frame.data);
  }
  return {
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/**
 * Splits a stream of JSON documents separated by newlines (the progress of an image
 * pull) into parsed objects; lines that are not JSON are skipped. Bounded: a line
 * longer than `maxLine` is dropped.
 */
export class JsonLineSplitter {
  private buffer = '';

  constructor(private readonly maxLine = 1024 * 1024) {}

  push(chunk: Buffer | string): unknown[] {
    this.buffer += chunk.toString();
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    if (this.buffer.length > this.maxLine) this.buffer = '';
    return lines.flatMap((line) => parseLine(line));
  }

  end(): unknown[] {
    const rest = this.buffer;
    this.buffer = '';
    return parseLine(rest);
  }
}

function parseLine(line: string): unknown[] {
  const text = line.trim();
  if (!text) return [];
  try {
    return [JSON.parse(text)];
  } catch {
    return [];
  }
}
