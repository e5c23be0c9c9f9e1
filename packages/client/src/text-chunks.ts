import { BerthConnectionError } from './berth-connection-error.js';
import type { OpenedStream } from './transport.js';

/**
 * The body of a streamed answer as UTF-8 text chunks, as they arrive (a character split
 * across two network chunks is held back until it is whole). Uses `getReader()`, which
 * browsers and Node 20 both have (async iteration over a `ReadableStream` they do not).
 *
 * Ends quietly when `signal` aborts; ending the loop early (`break`) cancels the body,
 * which closes the connection. A connection lost mid-stream throws `BerthConnectionError`.
 */
export async function* textChunks(
  opened: () => Promise<OpenedStream>,
  signal?: AbortSignal,
): AsyncGenerator<string, void, undefined> {
  let stream: OpenedStream;
  try {
    stream = await opened();
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
  const body = stream.response.body;
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) return;
        throw new BerthConnectionError(stream.url, error);
      }
      if (chunk.done) break;
      const text = decoder.decode(chunk.value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
