import type { NodeFacts, WorkloadStatus } from '@berth/spec';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

interface Pending {
  lastSeenAt?: Date;
  appliedGeneration?: number;
  facts?: NodeFacts;
  observed?: { generation: number; workloads: WorkloadStatus[] };
}

/**
 * What agents report, written in batches: with ten thousand agents heart-beating every
 * ten seconds, a write per message would be a thousand writes a second. Reports are
 * merged per node and flushed every `intervalMs` in one statement.
 *
 * A status that differs from the node's last one (a node became ready, an init failed) is
 * what a user watching a deployment waits for, so it is flushed within `promptMs` (long
 * enough to gather a burst from many agents into one statement with whatever else is
 * pending); the steady repeats of an unchanged status, and heartbeats, wait for the
 * interval.
 */
export class NodeWriter {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Per node, the last status heard, as sent: repeats are not news. */
  private readonly lastStatus = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly promptMs = 2,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.soon);
    this.soon = undefined;
    await this.flush();
  }

  /** The node's session ended: its next status counts as news. */
  forget(nodeId: string): void {
    this.lastStatus.delete(nodeId);
  }

  seen(nodeId: string, at: Date): void {
    this.entry(nodeId).lastSeenAt = at;
  }

  applied(nodeId: string, generation: number): void {
    const e = this.entry(nodeId);
    e.appliedGeneration = Math.max(e.appliedGeneration ?? 0, generation);
    this.flushSoon();
  }

  facts(nodeId: string, facts: NodeFacts): void {
    this.entry(nodeId).facts = facts;
  }

  observed(nodeId: string, observed: Pending['observed'], text = JSON.stringify(observed)): void {
    this.entry(nodeId).observed = observed;
    if (this.lastStatus.get(nodeId) === text) return;
    this.lastStatus.set(nodeId, text);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.soon || !this.timer) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.flush();
    }, this.promptMs);
    this.soon.unref();
  }

  /** Writes everything pending; concurrent calls run one after another. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch(this.onError);
    return this.flushing;
  }

  private entry(nodeId: string): Pending {
    let e = this.pending.get(nodeId);
    if (!e) {
      e = {};
      this.pending.set(nodeId, e);
    }
    return e;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.writeBatch(batch);
    } catch (error) {
      // Keep the reports for the next flush; newer reports of a node win.
      for (const [id, e] of batch) this.pending.set(id, { ...e, ...this.pending.get(id) });
      throw error;
    }
  }

  private async writeBatch(batch: Map<string, Pending>): Promise<void> {
    // In id order: the desired-state bump locks rows in id order too, so no deadlock.
    const entries = [...batch].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    // One statement for every kind of report: after a restart every agent's hello brings
    // its facts, and a statement per node made thousands of round trips a second. A null
    // leaves its column as it is; an unchanged document keeps its stored value, so a large
    // one is not stored (TOASTed) again.
    await this.db.execute(sql`
      with v as (
        select unnest(${sql.param(entries.map(([id]) => id))}::text[]) as id,
               unnest(${sql.param(entries.map(([, e]) => e.lastSeenAt?.toISOString() ?? null))}::timestamptz[]) as seen,
               unnest(${sql.param(entries.map(([, e]) => e.appliedGeneration ?? null))}::bigint[]) as generation,
               unnest(${sql.param(entries.map(([, e]) => json(e.facts)))}::text[])::jsonb as facts,
               unnest(${sql.param(entries.map(([, e]) => json(e.observed)))}::text[])::jsonb as observed),
           locked as (select nodes.id from nodes join v using (id) order by nodes.id for update of nodes)
      update nodes set
        last_seen_at = greatest(nodes.last_seen_at, v.seen),
        applied_generation = greatest(nodes.applied_generation, v.generation),
        facts = case when v.facts is null or v.facts = nodes.facts then nodes.facts else v.facts end,
        observed = case when v.observed is null or v.observed = nodes.observed then nodes.observed else v.observed end
      from v where nodes.id = v.id and nodes.id in (select id from locked)`);
  }
}
