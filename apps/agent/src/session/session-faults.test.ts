import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { agentCloseCodes } from '@berth/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { FakeControlPlane } from '../testing/fake-control-plane.js';
import {
  disposeTestAgent,
  eventually,
  joinedStateDir,
  noopWorkload,
  startTestAgent,
  type TestAgent,
} from '../testing/test-agent.js';

let fake: FakeControlPlane;
let test: TestAgent | undefined;
afterEach(async () => {
  await disposeTestAgent(test);
  test = undefined;
  await fake?.stop();
});

const sessionCount = () => fake.sessions.filter((s) => s.nodeId).length;

async function connectedAgent(): Promise<TestAgent> {
  fake = await FakeControlPlane.start();
  const started = await startTestAgent(fake);
  await fake.waitFor(() => fake.openSessions().length === 1, 5000, 'a session');
  return started;
}

describe('the agent session under faults', () => {
  it('reconnects after the server drops the connection, and reports its applied generation', async () => {
    test = await connectedAgent();
    fake.setDesired({ workloads: [noopWorkload('web')] });
    await fake.waitFor(() => fake.acks().includes(1));
    fake.dropAll();
    await fake.waitFor(() => sessionCount() === 2 && fake.openSessions().length === 1);
    expect(fake.messages.filter((m) => m.type === 'hello').at(-1)).toMatchObject({
      appliedGeneration: 1,
    });
    await eventually(() => test!.agent.snapshot().sessions === 2, 5000, 'the agent counts 2');
  });

  it('reconnects after a server restart and picks up what changed meanwhile', async () => {
    test = await connectedAgent();
    await fake.stop();
    fake.setDesired({ workloads: [noopWorkload('web')] });
    await fake.restart(300);
    await fake.waitFor(() => fake.acks().includes(1), 5000, 'ack after restart');
  });

  it('resends unconfirmed events with the same ids after a reconnect; the server stores each once', async () => {
    test = await connectedAgent();
    fake.dropOnEvents = true; // reads the events, then the connection dies before it confirms
    fake.setDesired({ workloads: [noopWorkload('a'), noopWorkload('b')] });
    await fake.waitFor(() => fake.messages.some((m) => m.type === 'events'), 5000, 'first try');
    const firstTry = fake.messages.find((m) => m.type === 'events');
    const ids = firstTry?.type === 'events' ? firstTry.events.map((e) => e.id) : [];
    expect(ids).toHaveLength(2);
    expect(
      JSON.parse(readFileSync(join(test.stateDir, 'events.json'), 'utf8')).events,
    ).toHaveLength(2);

    fake.dropOnEvents = false;
    await fake.waitFor(() => fake.events.size === 2, 5000, 'events stored');
    expect([...fake.events.keys()]).toEqual(ids);
    expect(fake.duplicateEvents).toBe(0);
    // confirmed by the server's pong: the queue on disk empties
    await eventually(
      () =>
        JSON.parse(readFileSync(join(test!.stateDir, 'events.json'), 'utf8')).events.length === 0,
    );
  });

  it.each([
    ['a binary frame', () => fake.sendRaw(Buffer.from([1, 2, 3]), true)],
    ['truncated JSON', () => fake.sendRaw('{"type":"desired","generation":')],
    ['an unknown message type', () => fake.sendRaw('{"type":"self-destruct"}')],
    [
      'a message out of order',
      () => fake.sendRaw('{"type":"challenge","nonce":"0123456789abcdef"}'),
    ],
    ['deep nesting', () => fake.sendRaw(`{"type":"desired","x":${'['.repeat(500_000)}`)],
    ['a message over 4 MiB', () => fake.sendRaw(`"${'x'.repeat(5 * 1024 * 1024)}"`)],
    [
      'a desired state with a field of the wrong type',
      () =>
        fake.sendRaw(
          JSON.stringify({ type: 'desired', generation: 'nine', settings: {}, workloads: [] }),
        ),
    ],
  ])(
    'closes the session on %s, stays alive, and carries on after reconnecting (R19)',
    async (_name, send) => {
      test = await connectedAgent();
      send();
      await fake.waitFor(() => sessionCount() === 2, 5000, 'a second session');
      const [first] = fake.sessions.filter((s) => s.nodeId);
      expect(first?.socket.readyState).toBe(first?.socket.CLOSED);
      fake.setDesired({ workloads: [noopWorkload('web')] });
      await fake.waitFor(() => fake.acks().includes(1), 5000, 'ack after garbage');
      expect(fake.desired.generation).toBe(1);
    },
  );

  it('keeps its heartbeat sane when the server asks for an absurd one', async () => {
    fake = await FakeControlPlane.start({ heartbeatSeconds: 1e12 });
    test = await startTestAgent(fake);
    await eventually(() => test!.agent.snapshot().connected, 5000, 'connected');
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(before);
    // a timer past 2^31 ms would fire every millisecond: a busy loop
    expect((used.user + used.system) / 1000).toBeLessThan(300);
    expect(fake.messages.filter((m) => m.type === 'heartbeat')).toEqual([]);
  });

  it('stops for good when the node is revoked', async () => {
    test = await connectedAgent();
    fake.revoke(test.nodeId);
    await expect(test.agent.done).resolves.toEqual({ kind: 'revoked', reason: 'node revoked' });
    await new Promise((r) => setTimeout(r, 400));
    expect(sessionCount()).toBe(1);
    expect(fake.sessions).toHaveLength(1);
  });

  it('retries slowly when the server refuses its credential', async () => {
    test = await connectedAgent();
    fake.nodes.clear(); // the server no longer knows the key: authFailed
    fake.dropAll();
    await fake.waitFor(() => fake.sessions.length === 2, 5000, 'the refused attempt');
    const refusedAt = Date.now();
    await fake.waitFor(() => fake.sessions.length === 3, 5000, 'the slow retry');
    // slowRetryMs is 300 in tests; the normal backoff would be under 200
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(250);
    expect(test.logs.some((l) => l.msg === 'the server refused this node; retrying slowly')).toBe(
      true,
    );
    expect(agentCloseCodes.authFailed).toBe(4401);
  });

  it('leaves a server that accepts but never speaks, and tries again', async () => {
    fake = await FakeControlPlane.start();
    const stateDir = await joinedStateDir(fake);
    const mute = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => mute.once('listening', r));
    let connections = 0;
    mute.on('connection', () => connections++);
    const { port } = mute.address() as AddressInfo;
    const credential = JSON.parse(readFileSync(join(stateDir, 'credential.json'), 'utf8'));
    writeFileSync(
      join(stateDir, 'credential.json'),
      JSON.stringify({ ...credential, server: `http://127.0.0.1:${port}` }),
    );
    try {
      test = await startTestAgent(fake, { stateDir, handshakeTimeoutMs: 200 });
      await eventually(() => connections >= 3, 5000, 'three attempts');
      expect(test.agent.snapshot().connected).toBe(false);
    } finally {
      for (const client of mute.clients) client.terminate();
      await new Promise((r) => mute.close(r));
    }
  });
});
