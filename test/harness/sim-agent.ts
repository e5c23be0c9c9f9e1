import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import WebSocket from 'ws';
import {
  agentProtocolVersion,
  challengeText,
  type NodeFacts,
  type ServerMessage,
  serverMessage,
} from '../../packages/spec/src/index.js';

/** Facts a simulated agent reports: small and fixed. */
export const simFacts: NodeFacts = {
  arch: 'x86_64',
  os: 'Simulated Linux',
  kernel: '6.1.0-sim',
  hostname: 'sim',
  cpus: 4,
  memoryMi: 8192,
  diskMi: 40960,
  engine: { kind: 'none', version: null },
  agentVersion: 'sim',
  addresses: ['192.0.2.1'],
};

export interface SimIdentity {
  nodeId: string;
  privateKey: KeyObject;
}

/** Joins a node with its token, as `berth-agent join` does; returns its identity. */
export async function joinSimNode(
  server: string,
  node: string,
  token: string,
): Promise<SimIdentity> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const res = await fetch(`${server}/api/v1/agent/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      node,
      publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      facts: { ...simFacts, hostname: node },
    }),
  });
  if (res.status !== 201) throw new Error(`join ${node}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { nodeId: string };
  return { nodeId: body.nodeId, privateKey };
}

export interface SimAgentOptions {
  /** Acknowledge desired states as they arrive (default true). */
  autoAck?: boolean;
  /** Send heartbeats at this interval; 0 to stay silent. Default: what the server says. */
  heartbeatMs?: number;
  /** Reconnect after a close, waiting a random time in [0, min(cap, base·2^attempt)). */
  reconnect?: { baseMs: number; capMs: number };
  /** Called with every message, as it arrives. */
  onMessage?: (message: ServerMessage, agent: SimAgent) => void;
  /**
   * Called with a message's raw text the moment its frame arrives, before any parsing.
   * With `deferProcessing`, parsing and answering wait for the event loop's next turn:
   * thousands of agents in one process then each see a message arrive when their socket
   * delivered it, not after every other agent's parsing and answers — as agents in
   * processes of their own would.
   */
  onArrival?: (text: string, agent: SimAgent) => void;
  deferProcessing?: boolean;
  /** Called when a connection closes (1006: refused, reset or answered without an upgrade). */
  onClose?: (code: number, agent: SimAgent) => void;
}

/**
 * A simulated agent: a real WebSocket client speaking the agent protocol, with none of
 * the agent's engine work. Tests use it to drive the gateway; the fleet benchmark runs
 * thousands of them in one process.
 */
export class SimAgent {
  socket: WebSocket | undefined;
  appliedGeneration = 0;
  readonly received: { message: ServerMessage; at: number }[] = [];
  closeCode: number | undefined;
  /** Sessions this agent opened (welcomed), counting reconnections. */
  sessions = 0;
  private attempts = 0;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] =
    [];

  constructor(
    readonly server: string,
    readonly identity: SimIdentity,
    private readonly options: SimAgentOptions = {},
  ) {}

  /** Connects and completes the handshake; resolves with the welcome. */
  connect(): Promise<ServerMessage> {
    const url = `${this.server.replace(/^http/, 'ws')}/api/v1/agent`;
    const socket = new WebSocket(url, { perMessageDeflate: false });
    this.socket = socket;
    this.closeCode = undefined;
    socket.on('message', (data) => {
      const text = data.toString();
      this.options.onArrival?.(text, this);
      if (this.options.deferProcessing)
        setImmediate(() => this.onMessage(JSON.parse(text) as unknown));
      else this.onMessage(JSON.parse(text) as unknown);
    });
    socket.on('close', (code) => {
      if (this.socket !== socket) return; // an older connection of this agent
      this.closeCode = code;
      clearInterval(this.heartbeat);
      this.options.onClose?.(code, this);
      for (const w of this.waiters.splice(0))
        w.resolve({ type: 'challenge', nonce: `closed:${code}` });
      this.scheduleReconnect(code);
    });
    socket.on('error', () => {});
    return this.next((m) => m.type === 'welcome');
  }

  /** Resolves with the first message so far, or to come, that passes `test`. */
  waitFor(test: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    const seen = this.received.find((r) => test(r.message));
    return seen ? Promise.resolve(seen.message) : this.next(test);
  }

  /** Resolves with the next message that passes `test` (or a fake challenge if the socket closes). */
  next(test: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  send(message: object): void {
    this.socket?.send(JSON.stringify(message));
  }

  close(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.socket?.terminate();
  }

  private scheduleReconnect(code: number): void {
    const policy = this.options.reconnect;
    if (!policy || this.stopped || code === 4403) return;
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(this.attempts, 20));
    this.attempts++;
    setTimeout(() => {
      if (!this.stopped) void this.connect();
    }, Math.random() * ceiling).unref();
  }

  private onMessage(raw: unknown): void {
    const parsed = serverMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    this.received.push({ message, at: performance.now() });
    if (message.type === 'challenge') {
      const signature = sign(
        null,
        Buffer.from(challengeText(message.nonce, this.identity.nodeId)),
        this.identity.privateKey,
      );
      this.send({
        type: 'hello',
        protocol: agentProtocolVersion,
        nodeId: this.identity.nodeId,
        signature: signature.toString('base64'),
        facts: simFacts,
        appliedGeneration: this.appliedGeneration,
      });
    } else if (message.type === 'welcome') {
      this.sessions++;
      this.attempts = 0;
      const every = this.options.heartbeatMs ?? message.heartbeatSeconds * 1000;
      if (every > 0) {
        this.heartbeat = setInterval(() => this.send({ type: 'heartbeat' }), every);
        this.heartbeat.unref();
      }
    } else if (message.type === 'command') {
      // A simulated host has no containers to read: it says so, at once.
      this.send({
        type: 'command-output',
        id: message.id,
        data: '',
        done: true,
        error: 'a simulated host has no logs',
      });
    } else if (message.type === 'desired' && this.options.autoAck !== false) {
      this.appliedGeneration = message.generation;
      this.send({ type: 'ack', generation: message.generation });
    }
    this.options.onMessage?.(message, this);
    for (const w of [...this.waiters]) {
      if (w.test(message)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  }
}
