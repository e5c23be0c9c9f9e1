import { agentCloseCodes } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { joinSimNode, SimAgent } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

describe('agents: control-plane shutdown', () => {
  it('tells agents, and connections still saying hello, to come back, and does not wait on them', async () => {
    const t = await TestApp.create(templates());
    const url = await t.listen();
    await t.createAccount('acme');
    const op = await t.member('acme', 'olga', 'operator');
    const api = (path: string, body: unknown) =>
      t.call('POST', `/api/v1${path}`, { token: op, account: 'acme', body });
    await api('/clusters', { name: 'north', type: 'edge' });
    const node = (await api('/clusters/north/nodes', { name: 'gate-01' })).json();
    const agent = new SimAgent(url, await joinSimNode(url, 'gate-01', node.join.token));
    await agent.connect();
    // A peer that never answers the close: the server must not wait for it.
    const mute = new WebSocket(`${url.replace('http', 'ws')}/api/v1/agent`);
    const muteClosed = new Promise<number>((resolve) => mute.on('close', resolve));
    await new Promise((resolve) => mute.on('message', resolve)); // the challenge; no hello
    const raw = (mute as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();

    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(agent.closeCode).toBe(agentCloseCodes.serverRestart);
    raw.resume();
    // Cut, not closed by handshake: the close frame may or may not have been read.
    expect([agentCloseCodes.serverRestart, 1006]).toContain(await muteClosed);
    agent.close();
  });
});
