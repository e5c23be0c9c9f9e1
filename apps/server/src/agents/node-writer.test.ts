import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { NodeWriter } from './node-writer.js';

describe(NodeWriter, () => {
  let t: TestApp;
  let nodeId: string;
  let writer: NodeWriter;
  const errors: unknown[] = [];

  beforeAll(async () => {
    t = await TestApp.create(templates());
    await t.createAccount('acme');
    const op = await t.member('acme', 'olga', 'operator');
    const call = (path: string, body: unknown) =>
      t.call('POST', `/api/v1${path}`, { token: op, account: 'acme', body });
    await call('/clusters', { name: 'north', type: 'edge' });
    await call('/clusters/north/nodes', { name: 'gate-01' });
    const { rows } = (await t.db.execute(
      sql`select id from nodes where name = 'gate-01'`,
    )) as unknown as { rows: { id: string }[] };
    nodeId = rows[0]!.id;
    // An interval no test waits for: whatever lands did so because it was prompt.
    writer = new NodeWriter(t.db, 600_000, (e) => errors.push(e));
    writer.start();
  });
  afterAll(async () => {
    await writer.stop();
    await t.close();
  });

  type Row = { observed: { workloads: { phase: string }[] } | null; seen: unknown };
  const stored = async () =>
    (
      (await t.db.execute(
        sql`select observed, last_seen_at as seen from nodes where id = ${nodeId}`,
      )) as unknown as { rows: Row[] }
    ).rows[0]!;
  const status = (phase: string) => ({
    generation: 3,
    workloads: [{ id: 'w1', phase, nodes: [] }],
  });
  async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return check();
  }

  it('writes a changed status at once, not at the next interval', async () => {
    writer.observed(nodeId, status('deploying'));
    expect(await within(2_000, async () => (await stored()).observed !== null)).toBe(true);
    writer.observed(nodeId, status('running'));
    expect(
      await within(2_000, async () => (await stored()).observed?.workloads[0]?.phase === 'running'),
    ).toBe(true);
    expect(errors).toEqual([]);
  });

  it('leaves a repeated status and heartbeats to the interval', async () => {
    writer.observed(nodeId, status('running'));
    writer.seen(nodeId, new Date('2030-01-01T00:00:00Z'));
    expect(await within(300, async () => (await stored()).seen !== null)).toBe(false);
    await writer.flush();
    expect((await stored()).seen).not.toBeNull();
  });
});
