import type { DesiredState, RegistrySettings, Workload } from '@berth/spec';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { clusters, nodes, nodeWorkloads } from '../db/schema.js';

type ClusterRegistries = (typeof clusters.$inferSelect)['registries'];

/** Whose desired state changed: every node of a cluster, or some nodes. */
export type DesiredChange = { clusterId: string } | { nodeIds: string[] };

/** What the replicas tell each other about the fleet. */
export type FleetEvent = DesiredChange | { revokedNodeId: string };

type Listener = (event: FleetEvent) => void;

const channel = 'berth_fleet';
/** NOTIFY payloads are limited to 8000 bytes; bigger node lists go as "reload all". */
const maxNodeIdsPerNotify = 150;

/**
 * Desired states of nodes: bumping generations when what a node should run changes,
 * telling every replica (its gateway sends the new state to the agents it holds), and
 * assembling the document an agent receives.
 */
export class DesiredStates {
  private readonly listeners = new Set<Listener>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    /** Opens a cluster's registry credentials for its agents (sealed at rest). */
    private readonly openRegistries: (
      db: Db,
      accountId: string,
      stored: ClusterRegistries,
    ) => Promise<RegistrySettings>,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(channel, (payload) => {
      try {
        this.emit(JSON.parse(payload) as FleetEvent);
      } catch {
        // ignore a payload we did not write
      }
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Moves the generation of the changed nodes on, in the caller's transaction. Call
   * `announce` with the same change once that transaction committed.
   */
  async bump(db: Db, change: DesiredChange): Promise<void> {
    if ('nodeIds' in change && change.nodeIds.length === 0) return;
    const where =
      'clusterId' in change
        ? eq(nodes.clusterId, change.clusterId)
        : inArray(nodes.id, change.nodeIds);
    // Rows are locked in id order, as the report writer locks them, so the two never deadlock.
    await db.execute(sql`
      update nodes set desired_generation = desired_generation + 1
      where id in (select id from nodes where ${where} order by id for update)`);
  }

  /** Tells every replica (this one too) that a node was revoked: its session must end. */
  async announceRevoked(nodeId: string): Promise<void> {
    await this.notify({ revokedNodeId: nodeId });
  }

  /** Tells this replica's and the other replicas' gateways (NOTIFY is delivered to all). */
  async announce(change: DesiredChange): Promise<void> {
    if ('nodeIds' in change && change.nodeIds.length > maxNodeIdsPerNotify) {
      for (let i = 0; i < change.nodeIds.length; i += maxNodeIdsPerNotify) {
        await this.notify({ nodeIds: change.nodeIds.slice(i, i + maxNodeIdsPerNotify) });
      }
      return;
    }
    await this.notify(change);
  }

  private async notify(event: FleetEvent): Promise<void> {
    await this.database.db.execute(sql`select pg_notify(${channel}, ${JSON.stringify(event)})`);
  }

  private emit(event: FleetEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * The desired state documents of the given nodes, or of every node of a cluster:
   * generation, agent settings and workloads. Three queries whatever the number of nodes.
   *
   * The generations are read first: whatever is read after them is at least as new, so a
   * document never claims a generation its content is older than (an agent acknowledging
   * it would then be skipped by the push of the change it lacks). The nodes of one cluster
   * share one settings object, which `push` uses to serialise a document once.
   */
  async documents(
    db: Db,
    target: { nodeIds: string[] } | { clusterId: string },
  ): Promise<Map<string, DesiredState>> {
    const out = new Map<string, DesiredState>();
    if ('nodeIds' in target && target.nodeIds.length === 0) return out;
    // A whole cluster is selected by its id: an IN list of thousands of ids costs more to plan.
    const which =
      'clusterId' in target
        ? eq(nodes.clusterId, target.clusterId)
        : sql`${nodes.id} = any(${sql.param(target.nodeIds)}::text[])`;
    const rows = await db
      .select({ id: nodes.id, generation: nodes.desiredGeneration, clusterId: nodes.clusterId })
      .from(nodes)
      .where(and(which, sql`${nodes.revokedAt} is null`));
    if (rows.length === 0) return out;
    const clusterIds = [...new Set(rows.map((r) => r.clusterId))];
    const [settings, byNode] = await Promise.all([
      this.clusterSettings(db, clusterIds),
      this.workloads(db, which),
    ]);
    for (const row of rows) {
      const clusterSettings = settings.get(row.clusterId);
      if (!clusterSettings) continue; // the cluster went away since the first read
      out.set(row.id, {
        generation: row.generation,
        settings: clusterSettings,
        workloads: byNode.get(row.id) ?? [],
      });
    }
    return out;
  }

  /** Each cluster's agent settings, its registry credentials opened. */
  private async clusterSettings(db: Db, clusterIds: string[]) {
    const rows = await db
      .select({
        id: clusters.id,
        accountId: clusters.accountId,
        settings: clusters.agentSettings,
        registries: clusters.registries,
      })
      .from(clusters)
      .where(inArray(clusters.id, clusterIds));
    const out = new Map<string, DesiredState['settings']>();
    for (const row of rows) {
      const stored = row.registries;
      const empty =
        Object.keys(stored.mirrors).length === 0 && Object.keys(stored.auths).length === 0;
      out.set(
        row.id,
        empty
          ? row.settings
          : { ...row.settings, registries: await this.openRegistries(db, row.accountId, stored) },
      );
    }
    return out;
  }

  private async workloads(db: Db, which: SQL): Promise<Map<string, Workload[]>> {
    const rows = await db
      .select({ workload: nodeWorkloads })
      .from(nodeWorkloads)
      .innerJoin(nodes, eq(nodes.id, nodeWorkloads.nodeId))
      .where(which);
    const byNode = new Map<string, Workload[]>();
    for (const { workload: w } of rows) {
      const list = byNode.get(w.nodeId) ?? [];
      list.push({ id: w.workloadId, kind: w.kind, revision: w.revision, spec: w.spec });
      byNode.set(w.nodeId, list);
    }
    return byNode;
  }
}
