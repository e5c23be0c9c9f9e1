import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Instance } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
import { BerthConnectionError } from './berth-connection-error.js';
import { createClient } from './create-client.js';
import { fakeServer, jsonAnswer, problemAnswer, requestLines } from './testing/fake-server.js';

const shop: Instance = {
  name: 'shop-north',
  app: 'shop',
  version: '1.0.0',
  previousVersion: null,
  cluster: 'north',
  node: 'gate-01',
  state: 'running',
  status: { phase: 'pending', reason: null, nodes: [] },
  params: { site: 'north' },
  replicas: {},
  resources: { cpuMillis: 500, memoryMi: 256 },
  deployStartedAt: '2025-01-01T00:00:00.000Z',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

/** A streamed body whose chunks the test pushes one at a time. */
function pushedBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    response: new Response(stream, { headers: { 'content-type': 'text/plain' } }),
    push: (bytes: Uint8Array | string) =>
      controller.enqueue(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes),
    end: () => controller.close(),
    fail: (error: unknown) => controller.error(error),
    cancelled: () => cancelled,
  };
}

describe('client.instances', () => {
  it('deploys with the whole request as the body and answers the 202 instance', async () => {
    const { client, seen } = fakeServer(() => jsonAnswer(202, shop));
    const request = {
      name: 'shop-north',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      params: { site: 'north', port: 8080, debug: false },
      replicas: { web: 2 },
    };

    await expect(client.instances.deploy(request)).resolves.toEqual(shop);
    expect(seen[0]).toMatchObject({
      url: 'http://berth.test/api/v1/instances',
      method: 'POST',
      headers: { 'berth-account': 'acme' },
      body: request,
    });
  });

  it('sends each action to its path, with its body', async () => {
    const { client, seen } = fakeServer(() => jsonAnswer(202, shop));

    await client.instances.upgrade('shop-north', '1.1.0');
    await client.instances.rollback('shop-north');
    await client.instances.scale('shop-north', 'web', 3);
    await client.instances.stop('shop-north');
    await client.instances.start('shop-north');

    expect(requestLines(seen)).toEqual([
      'POST http://berth.test/api/v1/instances/shop-north/upgrade',
      'POST http://berth.test/api/v1/instances/shop-north/rollback',
      'POST http://berth.test/api/v1/instances/shop-north/scale',
      'POST http://berth.test/api/v1/instances/shop-north/stop',
      'POST http://berth.test/api/v1/instances/shop-north/start',
    ]);
    expect(seen.map((s) => s.body)).toEqual([
      { version: '1.1.0' },
      undefined,
      { node: 'web', replicas: 3 },
      undefined,
      undefined,
    ]);
  });

  it('lists, gets, reads events and deletes, with keepData only when asked', async () => {
    const { client, seen } = fakeServer(() => jsonAnswer(200, { items: [] }));

    await client.instances.list({ limit: 20 });
    await client.instances.get('shop-north');
    await client.instances.events('shop-north', { limit: 50 });
    await client.instances.events('shop-north');
    await client.instances.delete('shop-north', { keepData: true });
    await client.instances.delete('shop-north');

    expect(requestLines(seen)).toEqual([
      'GET http://berth.test/api/v1/instances?limit=20',
      'GET http://berth.test/api/v1/instances/shop-north',
      'GET http://berth.test/api/v1/instances/shop-north/events?limit=50',
      'GET http://berth.test/api/v1/instances/shop-north/events',
      'DELETE http://berth.test/api/v1/instances/shop-north?keepData=true',
      'DELETE http://berth.test/api/v1/instances/shop-north',
    ]);
  });
});

describe('client.instances.logs', () => {
  it('asks for text with the query of its options, and only when the iteration starts', async () => {
    const { client, seen } = fakeServer(() => new Response('line 1\n'));

    const logs = client.instances.logs('shop-north', {
      node: 'web',
      source: 'file',
      follow: false,
      tail: 10,
    });
    expect(seen).toEqual([]);
    const chunks: string[] = [];
    for await (const text of logs) chunks.push(text);

    expect(chunks.join('')).toBe('line 1\n');
    expect(seen[0]?.url).toBe(
      'http://berth.test/api/v1/instances/shop-north/logs?node=web&source=file&follow=false&tail=10',
    );
    expect(seen[0]?.headers).toMatchObject({
      accept: 'text/plain, application/problem+json',
      'berth-account': 'acme',
    });
  });

  it('yields each chunk as it arrives, before the body ends', async () => {
    const body = pushedBody();
    const { client } = fakeServer(() => body.response);
    const logs = client.instances.logs('shop-north', { follow: true })[Symbol.asyncIterator]();

    body.push('first\n');
    await expect(logs.next()).resolves.toEqual({ value: 'first\n', done: false });
    body.push('second\n');
    await expect(logs.next()).resolves.toEqual({ value: 'second\n', done: false });
    body.end();
    await expect(logs.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('holds back a character split across two chunks until it is whole', async () => {
    const body = pushedBody();
    const { client } = fakeServer(() => body.response);
    const bytes = new TextEncoder().encode('ü\n'); // ü is two bytes
    body.push(bytes.slice(0, 1));
    body.push(bytes.slice(1));
    body.end();

    const chunks: string[] = [];
    for await (const text of client.instances.logs('shop-north')) chunks.push(text);

    expect(chunks).toEqual(['ü\n']);
  });

  it('cancels the body when the loop ends early', async () => {
    const body = pushedBody();
    const { client } = fakeServer(() => body.response);
    body.push('one\n');

    for await (const _ of client.instances.logs('shop-north', { follow: true })) break;

    expect(body.cancelled()).toBe(true);
  });

  it('ends quietly when its signal aborts, passing the signal to fetch', async () => {
    const body = pushedBody();
    const { client, seen } = fakeServer((request) => {
      // what fetch does with a body when its request's signal aborts
      request.signal?.addEventListener('abort', () =>
        body.fail(new DOMException('This operation was aborted', 'AbortError')),
      );
      return body.response;
    });
    const abort = new AbortController();
    const chunks: string[] = [];
    body.push('one\n');

    for await (const text of client.instances.logs('shop-north', {
      follow: true,
      signal: abort.signal,
    })) {
      chunks.push(text);
      abort.abort();
    }

    expect(chunks).toEqual(['one\n']);
    expect(seen[0]?.signal).toBe(abort.signal);
  });

  it('throws the problem from the loop when the server refuses', async () => {
    const { client } = fakeServer(() => problemAnswer(409, 'host_unreachable'));

    const error = await (async () => {
      for await (const _ of client.instances.logs('shop-north'));
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BerthApiError);
    expect(error).toMatchObject({ status: 409, code: 'host_unreachable' });
  });

  it('throws BerthConnectionError when the connection breaks mid-stream', async () => {
    const body = pushedBody();
    const { client } = fakeServer(() => body.response);
    body.push('one\n');
    body.fail(new TypeError('terminated'));

    const error = await (async () => {
      for await (const _ of client.instances.logs('shop-north'));
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BerthConnectionError);
    expect((error as Error).message).toContain('/api/v1/instances/shop-north/logs');
  });

  it('streams from a real HTTP server with the global fetch, and aborting closes the connection', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.write('hello\n'); // and never end: follow
      request.on('close', closed);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = createClient({ server: `http://127.0.0.1:${port}` });
      const abort = new AbortController();
      const chunks: string[] = [];
      for await (const text of client.instances.logs('shop', {
        follow: true,
        signal: abort.signal,
      })) {
        chunks.push(text);
        abort.abort();
      }

      expect(chunks).toEqual(['hello\n']);
      await connectionClosed;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
