import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createAgentLogger } from '../../agent-logger.js';
import { ContainerEvents } from './container-events.js';
import type { EngineApi } from './engine-api.js';

const quiet = createAgentLogger('error', { write: () => true });

/** An engine whose event streams the test writes to, one per `events()` call. */
function fakeEngine() {
  const streams: PassThrough[] = [];
  const calls: Array<{ labels: string[] }> = [];
  const api = {
    events: async (labels: string[], signal: AbortSignal) => {
      calls.push({ labels });
      const stream = new PassThrough();
      signal.addEventListener('abort', () => stream.destroy(new Error('aborted')));
      streams.push(stream);
      return stream as unknown as IncomingMessage;
    },
  } as unknown as EngineApi;
  return { api, streams, calls };
}

const event = (action: string, instance?: string, type = 'container') =>
  `${JSON.stringify({
    Type: type,
    Action: action,
    Actor: { ID: 'c1', Attributes: instance ? { 'berth.instance': instance } : {} },
  })}\n`;

describe(ContainerEvents, () => {
  it('wakes the instance of a container that started, exited or vanished', async () => {
    const { api, streams, calls } = fakeEngine();
    const woken: string[] = [];
    const events = new ContainerEvents(api, ['berth.agent=n1'], (id) => woken.push(id), quiet);
    events.start();
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!.write(event('start', 'i1') + event('die', 'i2'));
    streams[0]!.write(event('destroy', 'i3').slice(0, 20));
    streams[0]!.write(event('destroy', 'i3').slice(20));
    await vi.waitFor(() => expect(woken).toEqual(['i1', 'i2', 'i3']));
    expect(calls[0]!.labels).toEqual(['berth.agent=n1']);
    events.stop();
  });

  it('ignores exec events, other types and containers of no instance', async () => {
    const { api, streams } = fakeEngine();
    const woken: string[] = [];
    const events = new ContainerEvents(api, [], (id) => woken.push(id), quiet);
    events.start();
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!.write(
      event('exec_start: mysqladmin ping', 'i1') +
        event('exec_die', 'i1') +
        event('create', 'i1', 'network') +
        event('die') +
        'not json\n' +
        event('die', 'i9'),
    );
    await vi.waitFor(() => expect(woken).toEqual(['i9']));
    events.stop();
  });

  it('opens the stream again after it ends, and not after stop()', async () => {
    vi.useFakeTimers();
    try {
      const { api, streams } = fakeEngine();
      const events = new ContainerEvents(api, [], () => {}, quiet);
      events.start();
      await vi.waitFor(() => expect(streams).toHaveLength(1));
      streams[0]!.end();
      await vi.advanceTimersByTimeAsync(1000);
      expect(streams).toHaveLength(2);
      events.stop();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(streams).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
