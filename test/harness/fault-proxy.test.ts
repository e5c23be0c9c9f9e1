import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultProxy } from './fault-proxy.js';

let echo: Server;
let proxy: FaultProxy;
const clients: Socket[] = [];

beforeEach(async () => {
  echo = createServer((socket) => {
    socket.on('error', () => {}); // the proxy resets it when cut
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const address = echo.address();
  proxy = await FaultProxy.start({
    port: typeof address === 'object' && address ? address.port : 0,
  });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await proxy.stop();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

/** A client of the proxy that collects what it receives. */
async function client(): Promise<{
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}> {
  const socket = connect(proxy.port, '127.0.0.1');
  clients.push(socket);
  let data = '';
  socket.on('data', (chunk: Buffer) => {
    data += chunk.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  return { socket, received: () => data, closed };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await pause(10);
  if (!check()) throw new Error(`timed out: ${what}`);
}

describe(FaultProxy, () => {
  it('passes bytes both ways', async () => {
    const c = await client();
    c.socket.write('hello');
    await until(() => c.received() === 'hello', 'echo');
    expect(proxy.connections).toBe(1);
  });

  it('cuts every connection, refuses new ones while cut, and heals', async () => {
    const c = await client();
    proxy.cut();
    await c.closed;
    const refused = connect(proxy.port, '127.0.0.1');
    const outcome = await new Promise<string>((resolve) => {
      refused.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      refused.on('close', () => resolve('closed'));
    });
    expect(['ECONNRESET', 'closed']).toContain(outcome);
    proxy.heal();
    const d = await client();
    d.socket.write('again');
    await until(() => d.received() === 'again', 'echo after heal');
  });

  it('black-holes open and new connections, then delivers what waited once healed', async () => {
    const c = await client();
    proxy.blackhole();
    c.socket.write('held');
    const late = await client(); // accepted, but not connected on
    late.socket.write('late');
    await pause(200);
    expect([c.received(), late.received()]).toEqual(['', '']);
    proxy.heal();
    await until(() => c.received() === 'held' && late.received() === 'late', 'delivery after heal');
  });
});
