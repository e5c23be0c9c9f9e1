import { generateKeyPairSync } from 'node:crypto';
import { agentCloseCodes, type ServerMessage } from '@berth/spec';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent, type SimIdentity } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/**
 * Hellos arriving together are checked in batches (one node lookup, one desired-state
 * load per batch): each agent must still get exactly its own session and state.
 */
describe('agents: many hellos at once', () => {
  let t: TestApp;
  let url: string;
  const agents: SimAgent[] = [];
  const identities = new Map<string, { cluster: string; identity: SimIdentity }[]>();

  beforeAll(async () => {
    t = await TestApp.create(templates(), { fleet: { writeIntervalMs: 50 } });
    url = await t.listen();
    for (const [account, clusters] of [
      ['acme', ['north', 'south']],
      ['globex', ['west']],
    ] as const) {
      await t.createAccount(account);
      const op = await t.member(account, `op-${account}`, 'operator');
      const api = (method: 'POST' | 'PUT', path: string, body?: unknown) =>
        t.call(method, `/api/v1${path}`, { token: op, account, body });
      for (const cluster of clusters) {
        await api('POST', '/clusters', { name: cluster, type: 'edge' });
        // Each cluster's settings tell its agents apart.
        const logLevel = { north: 'debug', south: 'warn', west: 'error' }[cluster];
        await api('PUT', `/clusters/${cluster}/agent-settings`, { logLevel });
        const list = await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const name = `${cluster}-${i}`;
            const created = (await api('POST', `/clusters/${cluster}/nodes`, { name })).json();
            return { cluster, identity: await joinSimNode(url, name, created.join.token) };
          }),
        );
        identities.set(cluster, list);
      }
      if (account === 'acme') await api('POST', '/clusters/north/nodes/north-19/revoke');
    }
  });
  afterAll(async () => {
    for (const a of agents) a.close();
    await t.close();
  });

  function agent(identity: SimIdentity): SimAgent {
    const a = new SimAgent(url, identity);
    agents.push(a);
    return a;
  }

  it('gives each of 60 agents connecting at once its own session and desired state', async () => {
    const all = [...identities.values()].flat();
    const accepted = all.filter(
      ({ cluster, identity }) => !(cluster === 'north' && isLast(identity)),
    );
    const revoked = all.find(({ cluster, identity }) => cluster === 'north' && isLast(identity))!;
    const stranger = { nodeId: 'node-that-does-not-exist', privateKey: keyPair() };
    const impostor = { nodeId: accepted[0]!.identity.nodeId, privateKey: keyPair() };
    const desired = (a: SimAgent) =>
      a.waitFor((m) => m.type === 'desired') as Promise<
        Extract<ServerMessage, { type: 'desired' }>
      >;

    const sims = accepted.map(({ identity }) => agent(identity));
    const outsiders = [revoked.identity, stranger, impostor].map((identity) => agent(identity));
    const welcomes = await Promise.all([...sims, ...outsiders].map((a) => a.connect()));

    for (const [i, { identity }] of accepted.entries()) {
      expect(welcomes[i]).toMatchObject({ type: 'welcome', nodeId: identity.nodeId });
    }
    const states = await Promise.all(sims.map(desired));
    const { rows } = (await t.db.execute(
      sql`select id, desired_generation as generation from nodes`,
    )) as unknown as { rows: { id: string; generation: string | number }[] };
    const generations = new Map(rows.map((r) => [r.id, Number(r.generation)]));
    for (const [i, { cluster, identity }] of accepted.entries()) {
      const logLevel = { north: 'debug', south: 'warn', west: 'error' }[cluster];
      expect(states[i]!.settings.logLevel, identity.nodeId).toBe(logLevel);
      expect(states[i]!.generation, identity.nodeId).toBe(generations.get(identity.nodeId));
    }
    expect(outsiders.map((a) => a.closeCode)).toEqual([
      agentCloseCodes.revoked,
      agentCloseCodes.authFailed,
      agentCloseCodes.authFailed,
    ]);
    expect(t.services.fleet.sessions.size).toBe(accepted.length);
  });

  it("writes each node's reports to its own row, in one flush", async () => {
    const [north, south] = [identities.get('north')![0]!, identities.get('south')![0]!];
    const find = (nodeId: string) => agents.find((a) => a.identity.nodeId === nodeId)!;
    const statusOf = (phase: string) => ({
      type: 'status',
      generation: 1,
      workloads: [{ id: 'w1', phase, nodes: [] }],
    });
    find(north.identity.nodeId).send(statusOf('running'));
    find(south.identity.nodeId).send(statusOf('failed'));
    find(south.identity.nodeId).send({ type: 'heartbeat' });
    await new Promise((r) => setTimeout(r, 100));
    await t.services.fleet.flush();
    const { rows } = (await t.db.execute(
      sql`select id, observed, facts, last_seen_at from nodes
          where id in (${north.identity.nodeId}, ${south.identity.nodeId})`,
    )) as unknown as {
      rows: { id: string; observed: { workloads: { phase: string }[] }; facts: unknown }[];
    };
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(north.identity.nodeId)!.observed.workloads[0]!.phase).toBe('running');
    expect(byId.get(south.identity.nodeId)!.observed.workloads[0]!.phase).toBe('failed');
    // The hello's facts replaced the join's (the simulated agent reports a fixed hostname).
    for (const row of rows) expect(row.facts).toMatchObject({ hostname: 'sim' });
  });

  function isLast(identity: SimIdentity): boolean {
    return identities.get('north')!.at(-1)!.identity === identity;
  }
});

function keyPair() {
  return generateKeyPairSync('ed25519').privateKey;
}
