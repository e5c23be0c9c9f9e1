import type { WorkloadStatus } from '@berth/spec';
import type { StatusFile } from './state/state-schemas.js';

/** What a running agent is doing, for tests, the embedding process and status.json. */
export interface AgentSnapshot {
  nodeId: string;
  server: string;
  startedAt: Date;
  connected: boolean;
  lastContactAt: Date | null;
  /** Sessions the server welcomed since the agent started. */
  sessions: number;
  desiredGeneration: number | null;
  appliedGeneration: number;
  workloads: WorkloadStatus[];
  /**
   * When this process last finished a reconcile pass; null until its first one has, and
   * until then `workloads` is empty because nothing has been checked yet.
   */
  lastPassAt: Date | null;
  pendingEvents: number;
  lastError: string | null;
}

/** The snapshot as `status.json` stores it for `berth-agent status`. */
export function statusDocument(snapshot: AgentSnapshot, pid: number, now: Date): StatusFile {
  return {
    version: 1,
    pid,
    nodeId: snapshot.nodeId,
    server: snapshot.server,
    startedAt: snapshot.startedAt.toISOString(),
    updatedAt: now.toISOString(),
    connected: snapshot.connected,
    lastContactAt: snapshot.lastContactAt?.toISOString() ?? null,
    sessions: snapshot.sessions,
    desiredGeneration: snapshot.desiredGeneration,
    appliedGeneration: snapshot.appliedGeneration,
    lastPassAt: snapshot.lastPassAt?.toISOString() ?? null,
    pendingEvents: snapshot.pendingEvents,
    lastError: snapshot.lastError,
    workloads: snapshot.workloads.map(({ id, phase, message }) => ({ id, phase, message })),
  };
}
