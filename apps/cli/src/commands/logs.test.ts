import { describe, expect, it } from 'vitest';
import {
  FakeInterrupt,
  fakeServerFlags,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

/** A streamed text body: the chunks given, then open until the request's signal aborts. */
function followed(chunks: string[], signal: AbortSignal | undefined, onRead?: () => void) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      signal?.addEventListener('abort', () =>
        controller.error(new DOMException('This operation was aborted', 'AbortError')),
      );
    },
    pull() {
      onRead?.();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

describe('berth logs', () => {
  it('writes the text to stdout as it comes, asking for the node, source and tail', async () => {
    const run = await berth(['logs', 'shop-north', '--node', 'web', '--tail', '50', '--file'], {
      answer: () => new Response('line 1\nline 2\n'),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('line 1\nline 2\n');
    expect(run.stderr).toBe('');
    expect(run.requests[0]?.path).toBe(
      '/api/v1/instances/shop-north/logs?node=web&source=file&follow=false&tail=50',
    );
  });

  it('follows until Ctrl+C and ends cleanly with exit 0', async () => {
    const interrupt = new FakeInterrupt();
    const run = await berth(['logs', 'shop-north', '-f'], {
      interrupt,
      answer: (request) =>
        followed(['started\n', 'listening on 8080\n'], request.signal, () => {
          if (interrupt.listening) interrupt.press();
        }),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('started\nlistening on 8080\n');
    expect(run.requests[0]?.path).toBe(
      '/api/v1/instances/shop-north/logs?source=stdout&follow=true',
    );
    expect(interrupt.listening).toBe(false);
  });

  it('exits 6 when the host is not connected, and 2 for a bad --tail', async () => {
    const offline = await berth(['logs', 'shop-north'], {
      answer: () => problemAnswer(409, 'host_unreachable'),
    });
    const tail = await berth(['logs', 'shop-north', '--tail', '-1']);

    expect(offline.code).toBe(6);
    expect(offline.stderr).toBe('error: host_unreachable detail\n');
    expect(tail.code).toBe(2);
  });
});
