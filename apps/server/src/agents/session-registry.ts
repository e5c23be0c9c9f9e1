import type { ServerMessage } from '@berth/spec';

/** One authenticated agent connection, as the registry sees it. */
export interface AgentSession {
  readonly nodeId: string;
  readonly clusterId: string;
  readonly accountId: string;
  /** The generation last sent to (or reported by) the agent. */
  sentGeneration: number;
  lastHeardAt: number;
  /** The heartbeat interval the agent was told; silence for three of them ends the session. */
  heartbeatMs: number;
  send(message: ServerMessage): void;
  /** Sends a message serialised already (one document sent to many agents). */
  sendJson(json: string): void;
  close(code: number, reason: string): void;
}

/**
 * The agents connected to this replica, by node and by cluster. A node has at most one
 * session: a newer one replaces the older (the agent reconnected before the old socket
 * timed out).
 */
export class SessionRegistry {
  private readonly byNode = new Map<string, AgentSession>();
  private readonly byCluster = new Map<string, Set<AgentSession>>();

  get size(): number {
    return this.byNode.size;
  }

  /** Registers `session`; returns the session it replaced, if any. */
  add(session: AgentSession): AgentSession | undefined {
    const previous = this.byNode.get(session.nodeId);
    if (previous) this.remove(previous);
    this.byNode.set(session.nodeId, session);
    let set = this.byCluster.get(session.clusterId);
    if (!set) {
      set = new Set();
      this.byCluster.set(session.clusterId, set);
    }
    set.add(session);
    return previous;
  }

  /** Removes `session` if it is still the node's current one. */
  remove(session: AgentSession): void {
    if (this.byNode.get(session.nodeId) !== session) return;
    this.byNode.delete(session.nodeId);
    const set = this.byCluster.get(session.clusterId);
    set?.delete(session);
    if (set?.size === 0) this.byCluster.delete(session.clusterId);
  }

  get(nodeId: string): AgentSession | undefined {
    return this.byNode.get(nodeId);
  }

  isConnected(nodeId: string): boolean {
    return this.byNode.has(nodeId);
  }

  inCluster(clusterId: string): AgentSession[] {
    return [...(this.byCluster.get(clusterId) ?? [])];
  }

  all(): AgentSession[] {
    return [...this.byNode.values()];
  }
}
