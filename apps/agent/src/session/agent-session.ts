import { type KeyObject, sign } from 'node:crypto';
import {
  type AgentMessage,
  agentCloseCodes,
  agentProtocolVersion,
  type CommandMessage,
  challengeText,
  type DesiredState,
  maxAgentMessageBytes,
  type NodeFacts,
  type ServerMessage,
} from '@berth/spec';
import WebSocket from 'ws';
import type { AgentLogger } from '../agent-logger.js';
import { pinnedConnect } from '../tls/pinned-connect.js';
import { readServerMessage } from './read-server-message.js';

/** What the session asks of the agent and tells it. Handlers must not throw. */
export interface SessionHandlers {
  /** The facts and applied generation for the hello, asked when the challenge arrives. */
  hello(): Promise<{ facts: NodeFacts; appliedGeneration: number }>;
  /** The server accepted the hello: the session is open for sending. */
  welcomed(session: AgentSession, heartbeatSeconds: number): void;
  desired(desired: DesiredState): void;
  /** The server stored the events of these ids. */
  eventsAcked(ids: string[]): void;
  /** An on-demand command (logs); answered with `command-output` messages. */
  command(message: CommandMessage, session: AgentSession): void;
  /** The server no longer wants the output of command `id`. */
  cancel(id: string): void;
}

export interface AgentSessionOptions {
  url: URL;
  nodeId: string;
  privateKey: KeyObject;
  /** Pins the server's certificate (wss only). */
  fingerprint?: string;
  userAgent: string;
  handlers: SessionHandlers;
  logger: AgentLogger;
  /** From connect to welcome; a server (or a black hole) that stalls longer is left. */
  handshakeTimeoutMs?: number;
}

/** How a session ended. `code` is the close code; 1006 when the connection just broke. */
export interface SessionEnd {
  code: number;
  reason: string;
  /** The server had welcomed us. */
  welcomed: boolean;
  /** The agent, not the server, closed it. */
  byAgent: boolean;
  error?: Error;
}

type Phase = 'connecting' | 'challenged' | 'open' | 'closed';

/**
 * One WebSocket session with the agent gateway: challenge → hello (signed with the node
 * key) → welcome → desired/heartbeat/ack/status/events, plus `events-ack` (the server
 * stored events) and `command`/`cancel` (logs) handed to the agent, until either side
 * closes. The
 * session never reconnects (the supervisor does) and never throws: every failure ends
 * it, and `ended` says how. Garbage from the server closes it with `protocolError`.
 *
 * Liveness: every heartbeat the agent sends `heartbeat` and a WebSocket ping; a server
 * silent (no message, no pong) for three heartbeats is presumed gone (a half-open TCP
 * connection behind NAT looks alive forever otherwise).
 */
export class AgentSession {
  readonly ended: Promise<SessionEnd>;
  private phase: Phase = 'connecting';
  private welcomed = false;
  private closedByAgent = false;
  private localReason = '';
  private error: Error | undefined;
  private heartbeatMs = 10_000;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly handshakeTimer: NodeJS.Timeout;
  private lastContact = Date.now();
  private readonly ws: WebSocket;

  constructor(private readonly options: AgentSessionOptions) {
    const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 20_000;
    // `closeTimeout` (ws ≥ 8.19) is missing from @types/ws: without it a close handshake
    // with a vanished server waits 30 s before the socket is destroyed.
    const clientOptions: WebSocket.ClientOptions & { closeTimeout: number } = {
      perMessageDeflate: false,
      maxPayload: maxAgentMessageBytes,
      handshakeTimeout: handshakeTimeoutMs,
      closeTimeout: 5_000,
      followRedirects: false,
      headers: { 'user-agent': options.userAgent },
      ...(options.fingerprint && options.url.protocol === 'wss:'
        ? { createConnection: pinnedConnect(options.fingerprint, handshakeTimeoutMs) as never }
        : {}),
    };
    this.ws = new WebSocket(options.url, clientOptions);
    this.handshakeTimer = setTimeout(
      () => this.close(agentCloseCodes.timeout, 'no welcome in time', true),
      handshakeTimeoutMs,
    );
    this.handshakeTimer.unref();
    this.ended = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.finish();
        resolve({
          code,
          reason: this.closedByAgent ? this.localReason : reason.toString('utf8').slice(0, 200),
          welcomed: this.welcomed,
          byAgent: this.closedByAgent,
          ...(this.error ? { error: this.error } : {}),
        });
      });
    });
    this.ws.on('error', (error) => {
      this.error ??= error;
    });
    this.ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    this.ws.on('pong', () => this.pong());
  }

  get isOpen(): boolean {
    return this.phase === 'open' && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a message if the session is open; false when it is not (nothing is queued). */
  send(message: AgentMessage): boolean {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /**
   * Sends `message` and resolves once it is handed to the operating system (true), or
   * false when the session is not open or breaks first. Awaiting it before the next
   * message bounds what a long output (a followed log) keeps in memory.
   */
  sendFlushed(message: AgentMessage): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.ws.send(JSON.stringify(message), (error) => resolve(!error));
    });
  }

  /** Changes the heartbeat interval (the welcome's, then the desired settings'). */
  setHeartbeatSeconds(seconds: number): void {
    const ms = heartbeatMs(seconds);
    if (ms === this.heartbeatMs) return;
    this.heartbeatMs = ms;
    if (this.heartbeat) this.startHeartbeat();
  }

  /** Closes the session; `ended` resolves once the socket is closed. Idempotent. */
  close(code = 1000, reason = 'agent stopping', terminate = false): void {
    if (this.phase === 'closed') return;
    this.closedByAgent = true;
    this.localReason = reason;
    this.phase = 'closed';
    if (terminate || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close(code, reason);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    this.lastContact = Date.now();
    if (this.phase === 'closed') return;
    const read = readServerMessage(data, isBinary);
    if (read.ok) this.handle(read.message);
    else this.protocolError(read.reason);
  }

  private handle(message: ServerMessage): void {
    if (message.type === 'challenge' && this.phase === 'connecting') {
      this.phase = 'challenged';
      void this.answerChallenge(message.nonce);
    } else if (message.type === 'welcome' && this.phase === 'challenged') {
      if (message.nodeId !== this.options.nodeId) {
        this.protocolError(`welcomed as ${message.nodeId}, not ${this.options.nodeId}`);
        return;
      }
      this.phase = 'open';
      this.welcomed = true;
      clearTimeout(this.handshakeTimer);
      this.heartbeatMs = heartbeatMs(message.heartbeatSeconds);
      this.startHeartbeat();
      this.options.handlers.welcomed(this, message.heartbeatSeconds);
    } else if (message.type === 'desired' && this.phase === 'open') {
      const { type: _type, ...desired } = message;
      this.options.handlers.desired(desired);
    } else if (message.type === 'events-ack' && this.phase === 'open') {
      this.options.handlers.eventsAcked(message.ids);
    } else if (message.type === 'command' && this.phase === 'open') {
      this.options.handlers.command(message, this);
    } else if (message.type === 'cancel' && this.phase === 'open') {
      this.options.handlers.cancel(message.id);
    } else {
      this.protocolError(`unexpected ${message.type} message while ${this.phase}`);
    }
  }

  private async answerChallenge(nonce: string): Promise<void> {
    const { nodeId, privateKey } = this.options;
    const signature = sign(null, Buffer.from(challengeText(nonce, nodeId)), privateKey);
    let hello: Awaited<ReturnType<SessionHandlers['hello']>>;
    try {
      hello = await this.options.handlers.hello();
    } catch (error) {
      this.error = error as Error;
      this.close(1011, 'agent failed to prepare its hello');
      return;
    }
    const { facts, appliedGeneration } = hello;
    if (this.phase !== 'challenged' || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(
      JSON.stringify({
        type: 'hello',
        protocol: agentProtocolVersion,
        nodeId,
        signature: signature.toString('base64'),
        facts,
        appliedGeneration,
      } satisfies AgentMessage),
    );
  }

  private protocolError(reason: string): void {
    this.options.logger.warn({ reason }, 'closing the session: the server broke the protocol');
    this.close(agentCloseCodes.protocolError, 'protocol error');
  }

  private startHeartbeat(): void {
    clearInterval(this.heartbeat);
    // The floor keeps a 1-second heartbeat from turning a busy server into a reconnect storm.
    const silentLimitMs = Math.max(3 * this.heartbeatMs, 5_000);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastContact > silentLimitMs) {
        this.options.logger.warn({ silentMs: Date.now() - this.lastContact }, 'server silent');
        this.close(agentCloseCodes.timeout, 'server silent', true);
        return;
      }
      if (this.send({ type: 'heartbeat' })) this.ws.ping();
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private pong(): void {
    this.lastContact = Date.now();
  }

  private finish(): void {
    this.phase = 'closed';
    clearTimeout(this.handshakeTimer);
    clearInterval(this.heartbeat);
  }
}

/**
 * The heartbeat interval, kept within 1 s – 1 h whatever the server says: a timer past
 * 2^31 ms fires every millisecond in Node, which would turn a bad welcome into a busy loop.
 */
function heartbeatMs(seconds: number): number {
  return Math.min(Math.max(seconds, 1), 3600) * 1000;
}
