import { generateKeyPairSync } from 'node:crypto';
import { agentCloseCodes } from '@berth/spec';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { joinSimNode, SimAgent, simFacts } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { TestClock } from '../testing/test-clock.js';

describe('agents: join and sessions', () => {
  let t: TestApp;
  let url: string;
  let op: string;
  const clock = new TestClock(Date.now());
  const agents: SimAgent[] = [];

  beforeAll(async () => {
    t = await TestApp.create(templates(), {
      clock,
      fleet: { writeIntervalMs: 50, sweepIntervalMs: 100, helloTimeoutMs: 500 },
    });
    url = await t.listen();
    await t.createAccount('acme');
    await t.createAccount('globex');
    op = await t.member('acme', 'olga', 'operator');
    await api('POST', '/clusters', { name: 'north', type: 'edge' });
  });
  afterAll(async () => {
    for (const a of agents) a.close();
    await t.close();
  });

  async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (!(await check())) {
      if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  function api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
    return t.call(method, `/api/v1${path}`, { token: op, account: 'acme', body });
  }
  async function newNode(name: string) {
    return (await api('POST', '/clusters/north/nodes', { name })).json() as {
      join: { token: string };
    };
  }
  function agent(
    identity: Parameters<typeof joinSimNode> extends unknown[]
      ? Awaited<ReturnType<typeof joinSimNode>>
      : never,
  ) {
    const a = new SimAgent(url, identity);
    agents.push(a);
    return a;
  }
  const join = (node: string, token: string) =>
    fetch(`${url}/api/v1/agent/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        node,
        publicKey: generateKeyPairSync('ed25519')
          .publicKey.export({ format: 'der', type: 'spki' })
          .toString('base64'),
        facts: simFacts,
      }),
    });

  it('joins a node once with its token and shows it online with its facts', async () => {
    const { join: j } = await newNode('gate-01');
    const identity = await joinSimNode(url, 'gate-01', j.token);
    const a = agent(identity);
    const welcome = await a.connect();
    expect(welcome).toMatchObject({
      type: 'welcome',
      nodeId: identity.nodeId,
      heartbeatSeconds: 10,
    });
    await t.services.fleet.flush();
    const node = (await api('GET', '/clusters/north/nodes/gate-01')).json();
    expect(node).toMatchObject({ status: 'online', facts: { arch: 'x86_64', hostname: 'sim' } });
    expect(node.joinedAt).not.toBeNull();
  });

  it("refuses a used, an unknown, an expired and another node's token, and leaves no trace (R1)", async () => {
    const { join: a } = await newNode('gate-02');
    const { join: b } = await newNode('gate-03');
    expect((await join('gate-02', a.token)).status).toBe(201);
    const cases: [string, string, number, string][] = [
      ['gate-02', a.token, 409, 'join_token_used'],
      ['gate-02', `bjn_${'x'.repeat(43)}`, 401, 'join_token_invalid'],
      ['gate-02', b.token, 403, 'join_token_other_node'],
    ];
    for (const [node, token, status, code] of cases) {
      const res = await join(node, token);
      expect(res.status, code).toBe(status);
      expect(((await res.json()) as { code: string }).code).toBe(code);
    }
    clock.advance(25 * 3_600_000);
    const expired = await join('gate-03', b.token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe('join_token_expired');
    clock.advance(-25 * 3_600_000);
    const node3 = (await api('GET', '/clusters/north/nodes/gate-03')).json();
    expect(node3.status).toBe('pending');
    const audit = JSON.stringify(
      await t.db.execute(sql`select * from audit_events where action = 'agent.join'`),
    );
    for (const token of [a.token, b.token]) expect(audit).not.toContain(token);
  });

  it('lets exactly one of 50 concurrent joins with one token succeed (R2)', async () => {
    const { join: j } = await newNode('gate-race');
    const results = await Promise.all(Array.from({ length: 50 }, () => join('gate-race', j.token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
  });

  it("refuses node A's key for node B's session, and audits it (R4)", async () => {
    const { join: ja } = await newNode('gate-a');
    const { join: jb } = await newNode('gate-b');
    const a = await joinSimNode(url, 'gate-a', ja.token);
    const b = await joinSimNode(url, 'gate-b', jb.token);
    const impostor = agent({ nodeId: b.nodeId, privateKey: a.privateKey });
    await impostor.connect();
    expect(impostor.closeCode).toBe(agentCloseCodes.authFailed);
    const rows = (await t.db.execute(
      sql`select * from audit_events where action = 'agent.connect'`,
    )) as unknown as { rows: { target: string; result: string }[] };
    expect(rows.rows).toContainEqual(
      expect.objectContaining({ target: `nodes/${b.nodeId}`, result: 'denied' }),
    );
  });

  it('sends the desired state when it changes and records the acknowledged generation', async () => {
    const { join: j } = await newNode('gate-04');
    const a = agent(await joinSimNode(url, 'gate-04', j.token));
    await a.connect();
    await a.waitFor((m) => m.type === 'desired'); // the state it joined with
    const pushed = a.next((m) => m.type === 'desired');
    await api('PUT', '/clusters/north/agent-settings', { logLevel: 'debug' });
    const desired = await pushed;
    expect(desired).toMatchObject({
      type: 'desired',
      settings: { logLevel: 'debug' },
      workloads: [],
    });
    const generation = (desired as { generation: number }).generation;
    await eventually(async () => {
      await t.services.fleet.flush();
      return (
        (await api('GET', '/clusters/north/nodes/gate-04')).json().appliedGeneration === generation
      );
    });
    const node = (await api('GET', '/clusters/north/nodes/gate-04')).json();
    expect(node.appliedGeneration).toBe((desired as { generation: number }).generation);
    expect(node.desiredGeneration).toBe(node.appliedGeneration);
  });

  it('sends a reconnecting agent only what is newer than what it applied', async () => {
    const { join: j } = await newNode('gate-05');
    const a = agent(await joinSimNode(url, 'gate-05', j.token));
    await a.connect();
    await a.waitFor((m) => m.type === 'desired');
    a.close();
    const count = a.received.filter((r) => r.message.type === 'desired').length;
    await a.connect();
    await new Promise((r) => setTimeout(r, 100));
    expect(a.received.filter((r) => r.message.type === 'desired')).toHaveLength(count);
  });

  it('keeps one session per node: a newer one replaces the older', async () => {
    const { join: j } = await newNode('gate-06');
    const identity = await joinSimNode(url, 'gate-06', j.token);
    const first = agent(identity);
    const second = agent(identity);
    await first.connect();
    await second.connect();
    await eventually(async () => first.closeCode !== undefined);
    expect(first.closeCode).toBe(agentCloseCodes.replaced);
    expect(second.closeCode).toBeUndefined();
  });

  it('cuts a revoked node at once and refuses it from then on', async () => {
    const { join: j } = await newNode('gate-07');
    const a = agent(await joinSimNode(url, 'gate-07', j.token));
    await a.connect();
    const revoked = await api('POST', '/clusters/north/nodes/gate-07/revoke');
    expect(revoked.json().status).toBe('revoked');
    await eventually(async () => a.closeCode !== undefined);
    expect(a.closeCode).toBe(agentCloseCodes.revoked);
    await a.connect();
    expect(a.closeCode).toBe(agentCloseCodes.revoked);
  });

  it('ends a session that falls silent, and the node goes offline', async () => {
    const { join: j } = await newNode('gate-08');
    const a = new SimAgent(url, await joinSimNode(url, 'gate-08', j.token), { heartbeatMs: 0 });
    agents.push(a);
    await a.connect();
    await a.waitFor((m) => m.type === 'desired');
    // the server has the agent's last word (its ack) before the clock jumps
    await eventually(async () => {
      await t.services.fleet.flush();
      return (await api('GET', '/clusters/north/nodes/gate-08')).json().appliedGeneration > 0;
    });
    clock.advance(31_000);
    await eventually(async () => a.closeCode !== undefined);
    expect(a.closeCode).toBe(agentCloseCodes.timeout);
    const node = (await api('GET', '/clusters/north/nodes/gate-08')).json();
    expect(node.status).toBe('offline');
    clock.advance(-31_000);
  });

  it('stores events once even when the agent resends them', async () => {
    const { join: j } = await newNode('gate-09');
    const a = agent(await joinSimNode(url, 'gate-09', j.token));
    await a.connect();
    const event = {
      id: crypto.randomUUID(),
      time: new Date().toISOString(),
      workload: 'w1',
      node: 'web',
      reason: 'started',
      message: 'web started',
    };
    a.send({ type: 'events', events: [event] });
    a.send({ type: 'events', events: [event] });
    a.send({ type: 'heartbeat' });
    const count = async () =>
      (
        (await t.db.execute(sql`select * from node_events where id = ${event.id}`)) as unknown as {
          rows: unknown[];
        }
      ).rows.length;
    await eventually(async () => (await count()) > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(1);
  });

  it('closes connections that send garbage, and stays up (R19)', async () => {
    const ws = url.replace('http', 'ws');
    const attempts: [string, Buffer | string][] = [
      ['truncated JSON', '{"type":"hello","protocol":1,'],
      ['deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
      ['unknown type', JSON.stringify({ type: 'gimme-secrets', node: 'other' })],
      ['5 MB message', Buffer.alloc(5 * 1024 * 1024, 97)],
    ];
    for (const [name, payload] of attempts) {
      const code = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`${ws}/api/v1/agent`);
        socket.on('message', () => socket.send(payload));
        socket.on('close', (c) => resolve(c));
        socket.on('error', () => {});
      });
      expect([agentCloseCodes.protocolError, agentCloseCodes.tooBig], name).toContain(code);
    }
    const silent = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${ws}/api/v1/agent`);
      socket.on('close', (c) => resolve(c));
      socket.on('error', () => {});
    });
    expect(silent).toBe(agentCloseCodes.timeout);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it("keeps another account's nodes out of reach", async () => {
    const admin = await t.adminToken();
    const res = await t.call('GET', '/api/v1/clusters/north/nodes/gate-01', {
      token: admin,
      account: 'globex',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('registry mirrors and credentials', () => {
  it('reach the agents with their desired state, while the API and the database never show the password', async () => {
    const t = await TestApp.create(templates(), { fleet: { writeIntervalMs: 20 } });
    try {
      const url = await t.listen();
      await t.createAccount('acme');
      const op = await t.member('acme', 'olga', 'operator');
      const api = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
        t.call(method, `/api/v1${path}`, { token: op, account: 'acme', body });
      await api('POST', '/clusters', { name: 'airgap', type: 'edge' });
      const node = (await api('POST', '/clusters/airgap/nodes', { name: 'gate-01' })).json();
      const agent = new SimAgent(url, await joinSimNode(url, 'gate-01', node.join.token));
      await agent.connect();
      await agent.waitFor((m) => m.type === 'desired');
      const next = agent.next((m) => m.type === 'desired');
      const set = await api('PUT', '/clusters/airgap/registries', {
        mirrors: { 'docker.io': 'mirror.site.local:5000' },
        auths: { 'mirror.site.local:5000': { username: 'puller', password: 'CANARY-registry-77' } },
      });
      expect(set.statusCode).toBe(200);
      expect(set.body).not.toContain('CANARY-registry-77');
      expect(set.json().auths['mirror.site.local:5000']).toEqual({ username: 'puller' });
      const desired = (await next) as { settings: { registries?: unknown } };
      expect(desired.settings.registries).toEqual({
        mirrors: { 'docker.io': 'mirror.site.local:5000' },
        auths: { 'mirror.site.local:5000': { username: 'puller', password: 'CANARY-registry-77' } },
      });
      expect((await api('GET', '/clusters/airgap/registries')).body).not.toContain('CANARY');
      const rows =
        JSON.stringify(await t.db.execute(sql`select * from clusters`)) +
        JSON.stringify(await t.db.execute(sql`select * from secrets`));
      expect(rows).not.toContain('CANARY-registry-77');
      agent.close();
    } finally {
      await t.close();
    }
  });
});
