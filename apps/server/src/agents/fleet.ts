import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import {
  type AgentMessage,
  type AgentSettings,
  agentCloseCodes,
  type CommandMessage,
  challengeText,
  type DesiredState,
} from '@berth/spec';
import type { Clock } from '../clock.js';
import { openRegistries } from '../clusters/registries.js';
import type { Database } from '../db/database.js';
import { auditEvents, nodeEvents } from '../db/schema.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Connection, SessionHandlers } from './agent-session.js';
import { BatchLoader } from './batch-loader.js';
import { DesiredStates, type FleetEvent } from './desired-states.js';
import { DesiredTexts } from './desired-texts.js';
import { type NodeCredential, nodeCredentialsLoader } from './node-credentials.js';
import { NodeKeys } from './node-keys.js';
import { NodeWriter } from './node-writer.js';
import { type AgentSession, SessionRegistry } from './session-registry.js';

export interface FleetOptions {
  /** How long a new connection may take to say hello. */
  helloTimeoutMs: number;
  /** How often agents' reports are written to the database. */
  writeIntervalMs: number;
  /** How often silent sessions are looked for. */
  sweepIntervalMs: number;
}

export const defaultFleetOptions: FleetOptions = {
  helloTimeoutMs: 10_000,
  writeIntervalMs: 1_000,
  sweepIntervalMs: 5_000,
};

interface Logger {
  debug?(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/** A session is closed after this many heartbeat intervals without a word. */
const missedHeartbeats = 3;

/** How long after its last word a node still counts as online (any replica's view). */
export function offlineAfterMs(settings: AgentSettings, options: FleetOptions): number {
  return (
    missedHeartbeats * settings.heartbeatSeconds * 1000 +
    options.writeIntervalMs +
    options.sweepIntervalMs
  );
}

/**
 * The agents of this replica: authenticates their sessions, takes their reports, sends
 * them their desired state when it changes (here or, through NOTIFY, on another replica)
 * and ends sessions that fall silent or whose node was revoked.
 */
export class Fleet implements SessionHandlers {
  readonly sessions = new SessionRegistry();
  readonly desired: DesiredStates;
  private readonly writer: NodeWriter;
  private readonly keys = new NodeKeys();
  /** Coalesces the node lookups of concurrent hellos into one query per batch. */
  private readonly credentials: BatchLoader<string, NodeCredential>;
  /** Same for the desired states of agents that say hello behind on their generation. */
  private readonly helloDocuments: BatchLoader<string, DesiredState>;
  /** Nodes revoked since this process started (revocation is final). */
  private readonly revoked = new Set<string>();
  /** Commands in flight, by id: where their output goes. */
  private readonly commands = new Map<string, { nodeId: string; out: PassThrough }>();
  private sweeper: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped: Promise<void> | undefined;
  log: Logger = silent;

  /** True once shutting down: new sessions are turned away. */
  get stopping(): boolean {
    return this.stopped !== undefined;
  }

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    readonly options: FleetOptions,
    secrets: SecretStore,
  ) {
    this.desired = new DesiredStates(database, (db, accountId, stored) =>
      openRegistries({ secrets }, db, accountId, stored),
    );
    // Two batches in flight: each costs the database a round trip whatever its size, and
    // while they run the next hellos gather into one.
    this.credentials = new BatchLoader(nodeCredentialsLoader(database.db), {
      maxBatch: 500,
      maxInFlight: 2,
    });
    this.helloDocuments = new BatchLoader(
      (ids) => this.desired.documents(database.db, { nodeIds: ids }),
      { maxBatch: 500, maxInFlight: 2 },
    );
    this.writer = new NodeWriter(database.db, options.writeIntervalMs, (error) =>
      this.log.error({ err: error }, 'could not write agent reports'),
    );
  }

  async start(): Promise<void> {
    await this.desired.start();
    this.unsubscribe = this.desired.onChange((event) => void this.onFleetEvent(event));
    this.writer.start();
    this.sweeper = setInterval(() => this.sweep(), this.options.sweepIntervalMs);
    this.sweeper.unref();
  }

  /** Ends every session (agents reconnect to another replica or to this one restarted). */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.sweeper);
    this.unsubscribe?.();
    for (const session of this.sessions.all())
      session.close(agentCloseCodes.serverRestart, 'server restarting');
    await this.writer.stop();
    await this.desired.stop();
  }

  async authenticate(
    hello: Extract<AgentMessage, { type: 'hello' }>,
    nonce: string,
    connection: Connection,
  ): Promise<AgentSession | { refused: string; code: number }> {
    const node = await this.credentials.load(hello.nodeId);
    const refuse = async (code: number, reason: string) => {
      await this.audit(node?.accountId ?? null, hello.nodeId, connection.remoteAddress, reason);
      return { refused: reason, code };
    };
    if (!node?.publicKey || !node.joined) return refuse(agentCloseCodes.authFailed, 'unknown node');
    if (node.revoked) return refuse(agentCloseCodes.revoked, 'node revoked');
    const text = challengeText(nonce, node.id);
    if (!(await this.keys.verify(node.publicKey, text, hello.signature)))
      return refuse(agentCloseCodes.authFailed, 'signature refused');
    // Revoked while this hello was being checked: its notice found no session to end.
    if (this.revoked.has(node.id)) return refuse(agentCloseCodes.revoked, 'node revoked');
    if (this.stopping) return { refused: 'server restarting', code: agentCloseCodes.serverRestart };
    const now = this.clock.now();
    const session: AgentSession = {
      nodeId: node.id,
      clusterId: node.clusterId,
      accountId: node.accountId,
      sentGeneration: hello.appliedGeneration,
      lastHeardAt: now.getTime(),
      heartbeatMs: node.heartbeatSeconds * 1000,
      send: (message) => connection.send(message),
      sendJson: (json) => connection.sendJson(json),
      close: (code, reason) => connection.close(code, reason),
    };
    this.sessions.add(session)?.close(agentCloseCodes.replaced, 'replaced by a newer session');
    this.writer.seen(session.nodeId, now);
    this.writer.facts(session.nodeId, hello.facts);
    this.writer.applied(session.nodeId, hello.appliedGeneration);
    connection.send({
      type: 'welcome',
      nodeId: session.nodeId,
      heartbeatSeconds: node.heartbeatSeconds,
      serverTime: now.toISOString(),
    });
    if (node.desiredGeneration > hello.appliedGeneration) {
      // Loaded after the session is registered, so a change committed meanwhile is either
      // in this document or announced to the session: the agent misses neither.
      try {
        const doc = await this.helloDocuments.load(session.nodeId);
        this.sendDesired(session, doc);
      } catch (error) {
        this.sessions.remove(session);
        throw error;
      }
    }
    return session;
  }

  /**
   * Runs a command on a node's agent (e.g. reading logs) and streams its output. Only
   * the replica holding the node's session can; `undefined` when this one does not.
   * Destroying the stream cancels the command on the agent.
   */
  command(nodeId: string, command: CommandMessage['command']): PassThrough | undefined {
    const session = this.sessions.get(nodeId);
    if (!session) return undefined;
    const id = randomUUID();
    const out = new PassThrough();
    this.commands.set(id, { nodeId, out });
    out.on('close', () => {
      if (this.commands.delete(id)) session.send({ type: 'cancel', id });
    });
    session.send({ type: 'command', id, command });
    return out;
  }

  message(session: AgentSession, message: Exclude<AgentMessage, { type: 'hello' }>): void {
    if (message.type === 'command-output') {
      const pending = this.commands.get(message.id);
      if (!pending || pending.nodeId !== session.nodeId) return;
      if (message.data) pending.out.write(message.data);
      if (message.error) pending.out.write(`\n[berth: ${message.error}]\n`);
      if (message.done) {
        this.commands.delete(message.id);
        pending.out.end();
      }
      return;
    }
    const now = this.clock.now();
    session.lastHeardAt = now.getTime();
    this.writer.seen(session.nodeId, now);
    if (message.type === 'ack') this.writer.applied(session.nodeId, message.generation);
    else if (message.type === 'status') {
      this.writer.observed(session.nodeId, {
        generation: message.generation,
        workloads: message.workloads,
      });
    } else if (message.type === 'events' && message.events.length > 0) {
      void this.database.db
        .insert(nodeEvents)
        .values(
          message.events.map((e) => ({
            id: e.id,
            accountId: session.accountId,
            nodeId: session.nodeId,
            time: new Date(Number.isNaN(Date.parse(e.time)) ? now.getTime() : Date.parse(e.time)),
            workload: e.workload,
            node: e.node,
            reason: e.reason,
            message: e.message,
          })),
        )
        .onConflictDoNothing()
        // Once stored (or already stored: a resend), the agent may forget them.
        .then(() => session.send({ type: 'events-ack', ids: message.events.map((e) => e.id) }))
        .catch((error: unknown) => this.log.error({ err: error }, 'could not store agent events'));
    }
  }

  closed(session: AgentSession): void {
    for (const [id, pending] of this.commands) {
      if (pending.nodeId !== session.nodeId) continue;
      this.commands.delete(id);
      pending.out.end('\n[berth: the host disconnected]\n');
    }
    this.sessions.remove(session);
    // The last word, not the close: a session closed for silence was not heard at close.
    this.writer.seen(session.nodeId, new Date(session.lastHeardAt));
    if (!this.sessions.isConnected(session.nodeId)) this.writer.forget(session.nodeId);
  }

  /** Writes pending agent reports now (tests, shutdown). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  private async onFleetEvent(event: FleetEvent): Promise<void> {
    try {
      if ('revokedNodeId' in event) {
        this.revoked.add(event.revokedNodeId);
        this.sessions.get(event.revokedNodeId)?.close(agentCloseCodes.revoked, 'node revoked');
        return;
      }
      if ('clusterId' in event)
        await this.push(this.sessions.inCluster(event.clusterId), { clusterId: event.clusterId });
      else
        await this.push(
          event.nodeIds.map((id) => this.sessions.get(id)).filter((s) => s !== undefined),
        );
    } catch (error) {
      this.log.error({ err: error }, 'could not send desired states');
    }
  }

  /** Sends each session its desired state, where it is newer than what the agent has. */
  private async push(sessions: AgentSession[], cluster?: { clusterId: string }): Promise<void> {
    if (sessions.length === 0) return;
    const started = performance.now();
    const documents = await this.desired.documents(
      this.database.db,
      cluster ?? { nodeIds: sessions.map((s) => s.nodeId) },
    );
    const loaded = performance.now();
    const texts = new DesiredTexts();
    for (const session of sessions) this.sendDesired(session, documents.get(session.nodeId), texts);
    this.log.debug?.(
      {
        sessions: sessions.length,
        loadMs: Math.round(loaded - started),
        sendMs: Math.round(performance.now() - loaded),
      },
      'desired states sent',
    );
  }

  /** Sends `doc` if it is newer than what the session's agent has. */
  private sendDesired(
    session: AgentSession,
    doc: DesiredState | undefined,
    texts = new DesiredTexts(),
  ): void {
    if (!doc || doc.generation <= session.sentGeneration) return;
    session.sentGeneration = doc.generation;
    session.heartbeatMs = doc.settings.heartbeatSeconds * 1000;
    session.sendJson(texts.of(doc));
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const session of this.sessions.all()) {
      if (now - session.lastHeardAt > missedHeartbeats * session.heartbeatMs) {
        session.close(agentCloseCodes.timeout, 'no heartbeat');
        this.sessions.remove(session);
      }
    }
  }

  private async audit(
    accountId: string | null,
    nodeId: string,
    sourceIp: string,
    reason: string,
  ): Promise<void> {
    this.log.warn({ nodeId, sourceIp, reason }, 'agent session refused');
    await this.database.db
      .insert(auditEvents)
      .values({
        accountId,
        action: 'agent.connect',
        target: `nodes/${nodeId.slice(0, 64)}`,
        result: 'denied',
        status: 401,
        requestId: randomUUID(),
        sourceIp,
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'could not write the audit row'));
  }
}
