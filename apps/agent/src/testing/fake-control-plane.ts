import { createHash, randomBytes, randomUUID, verify } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import {
  type AgentEvent,
  type AgentMessage,
  agentCloseCodes,
  agentMessage,
  type CommandMessage,
  challengeText,
  type DesiredState,
  maxAgentMessageBytes,
} from '@berth/spec';
import { type WebSocket, WebSocketServer } from 'ws';
import { type FakeNode, type FakeToken, fakeJoin } from './fake-join.js';

/** One agent connection as the fake server sees it. */
export interface FakeSession {
  socket: WebSocket;
  nodeId?: string;
  appliedGeneration?: number;
  received: AgentMessage[];
}

export interface FakeControlPlaneOptions {
  tls?: { key: string; cert: string };
  heartbeatSeconds?: number;
  port?: number;
}

/**
 * A small, protocol-conformant control plane for the agent's tests: the join endpoint
 * (single-use tokens bound to a node name) and the WebSocket gateway (challenge, Ed25519
 * signature check against the joined key, welcome, desired when newer than the agent's
 * applied generation), with knobs to drop, restart, revoke and misbehave. Everything it
 * receives is validated with the protocol's schemas and recorded.
 */
export class FakeControlPlane extends EventEmitter {
  readonly tokens = new Map<string, FakeToken>();
  private readonly blobs = new Map<string, Buffer>();
  readonly nodes = new Map<string, FakeNode>();
  readonly sessions: FakeSession[] = [];
  /** Every message from every session, in arrival order. */
  readonly messages: AgentMessage[] = [];
  /** Events stored once by id, as the real server dedupes them. */
  readonly events = new Map<string, AgentEvent>();
  /** How many event deliveries repeated an id already stored. */
  duplicateEvents = 0;
  /** HTTP requests and upgrades that reached the server, for "nothing was sent" checks. */
  httpRequests = 0;
  /** Agent messages that failed validation (a bug in the agent). */
  readonly invalidMessages: string[] = [];
  /** When set, an `events` message closes the session before the server reads on. */
  dropOnEvents = false;
  /** When false, events are stored but never acknowledged (a server failing to store them). */
  ackEvents = true;
  /** What each command (by id) answered so far. */
  readonly commandOutputs = new Map<
    string,
    { data: string; done: boolean; error?: string; pieces: number; largest: number }
  >();
  desired: DesiredState;
  private server!: Server;
  private wss!: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  port = 0;

  private constructor(private readonly options: FakeControlPlaneOptions) {
    super();
    this.setMaxListeners(100);
    const heartbeatSeconds = options.heartbeatSeconds ?? 10;
    this.desired = {
      generation: 0,
      settings: { heartbeatSeconds, logLevel: 'info' },
      workloads: [],
    };
  }

  static async start(options: FakeControlPlaneOptions = {}): Promise<FakeControlPlane> {
    const fake = new FakeControlPlane(options);
    await fake.listen(options.port ?? 0);
    return fake;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** A single-use join token for `node`. */
  /**
   * Serves `bytes` as a package blob (GET /api/v1/agent/blobs/{sha256}), unsigned: the
   * real server's node signature is tested with the real server.
   */
  addBlob(bytes: Buffer): { path: string; sha256: string; size: number } {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.blobs.set(sha256, bytes);
    return { path: `/api/v1/agent/blobs/${sha256}`, sha256, size: bytes.length };
  }

  addToken(node: string, token = `bjn_${randomBytes(12).toString('hex')}`): string {
    this.tokens.set(token, { node, used: false });
    return token;
  }

  /** Sets the desired state and sends it to every session that has applied less. */
  setDesired(desired: Partial<DesiredState> & { workloads: DesiredState['workloads'] }): void {
    this.desired = {
      generation: desired.generation ?? this.desired.generation + 1,
      settings: desired.settings ?? this.desired.settings,
      workloads: desired.workloads,
    };
    for (const session of this.openSessions()) this.sendDesired(session);
  }

  /** Sessions that passed the hello and are still open. */
  openSessions(): FakeSession[] {
    return this.sessions.filter((s) => s.nodeId && s.socket.readyState === s.socket.OPEN);
  }

  /** Sends raw data (garbage, for R19) to every welcomed session. */
  sendRaw(data: string | Buffer, binary = false): void {
    for (const session of this.openSessions()) session.socket.send(data, { binary });
  }

  /** Cuts every connection without a close frame (a crash, a cable pulled). */
  dropAll(): void {
    for (const session of this.sessions) session.socket.terminate();
  }

  /** Closes every session with `code`, and refuses the node's next hellos when revoked. */
  revoke(nodeId: string): void {
    const node = this.nodes.get(nodeId);
    if (node) node.revoked = true;
    for (const s of this.openSessions()) {
      if (s.nodeId === nodeId) s.socket.close(agentCloseCodes.revoked, 'node revoked');
    }
  }

  /** Sends a command to every open session; its output collects in `commandOutputs`. */
  sendCommand(command: CommandMessage['command'], id: string = randomUUID()): string {
    this.commandOutputs.set(id, { data: '', done: false, pieces: 0, largest: 0 });
    for (const session of this.openSessions()) {
      session.socket.send(JSON.stringify({ type: 'command', id, command }));
    }
    return id;
  }

  /** Tells the agents to stop the command. */
  cancelCommand(id: string): void {
    for (const session of this.openSessions()) {
      session.socket.send(JSON.stringify({ type: 'cancel', id }));
    }
  }

  acks(): number[] {
    return this.messages.flatMap((m) => (m.type === 'ack' ? [m.generation] : []));
  }

  /** Resolves once `check` holds (checked on every message and every 20 ms). */
  waitFor<T>(
    check: () => T | undefined | false,
    timeoutMs = 10_000,
    what = 'condition',
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = () => {
        const value = check();
        if (value === undefined || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setInterval(test, 20);
      const deadline = setTimeout(() => {
        cleanup();
        reject(new Error(`fake control plane: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearInterval(timer);
        clearTimeout(deadline);
        this.off('change', test);
      };
      this.on('change', test);
      test();
    });
  }

  /** Stops listening and cuts every connection. */
  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A server restart: everything cut, then listening again on the same port. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.listen(this.port);
  }

  private async listen(port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.http(req, res);
    this.server = this.options.tls
      ? createHttpsServer(this.options.tls, handler)
      : createHttpServer(handler);
    this.server.on('upgrade', () => {
      this.httpRequests++;
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.wss = new WebSocketServer({
      server: this.server,
      path: '/api/v1/agent',
      maxPayload: maxAgentMessageBytes,
      perMessageDeflate: false,
    });
    this.wss.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.httpRequests++;
    this.emit('change');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const blob =
      req.method === 'GET' && /^\/api\/v1\/agent\/blobs\/([0-9a-f]{64})$/.exec(req.url ?? '');
    const bytes = blob ? this.blobs.get(blob[1]!) : undefined;
    if (bytes) {
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.end(bytes);
      return;
    }
    const answer =
      req.method === 'POST' && req.url === '/api/v1/agent/join'
        ? fakeJoin(Buffer.concat(chunks), this.tokens, this.nodes, this.desired.settings)
        : { status: 404, body: { status: 404, code: 'not_found', detail: 'no such route' } };
    const type = answer.status < 300 ? 'application/json' : 'application/problem+json';
    res.writeHead(answer.status, { 'content-type': type });
    res.end(JSON.stringify(answer.body));
    this.emit('change');
  }

  private accept(socket: WebSocket): void {
    const session: FakeSession = { socket, received: [] };
    this.sessions.push(session);
    const nonce = randomBytes(24).toString('base64url');
    socket.send(JSON.stringify({ type: 'challenge', nonce }));
    socket.on('close', () => this.emit('change'));
    socket.on('error', () => {});
    socket.on('message', (data) => {
      let message: AgentMessage;
      try {
        message = agentMessage.parse(JSON.parse(String(data)));
      } catch (error) {
        this.invalidMessages.push((error as Error).message);
        socket.close(agentCloseCodes.protocolError, 'invalid message');
        return;
      }
      if (message.type === 'hello') this.hello(session, message, nonce);
      else if (!session.nodeId) socket.close(agentCloseCodes.protocolError, 'hello first');
      else this.record(session, message);
      this.emit('change');
    });
    this.emit('change');
  }

  private hello(
    session: FakeSession,
    hello: Extract<AgentMessage, { type: 'hello' }>,
    nonce: string,
  ): void {
    const node = this.nodes.get(hello.nodeId);
    const signed =
      node &&
      verify(
        null,
        Buffer.from(challengeText(nonce, hello.nodeId)),
        node.publicKey,
        Buffer.from(hello.signature, 'base64'),
      );
    if (!node || !signed) {
      session.socket.close(agentCloseCodes.authFailed, 'authentication failed');
      return;
    }
    if (node.revoked) {
      session.socket.close(agentCloseCodes.revoked, 'node revoked');
      return;
    }
    session.nodeId = hello.nodeId;
    session.appliedGeneration = hello.appliedGeneration;
    session.received.push(hello);
    this.messages.push(hello);
    const heartbeatSeconds = this.options.heartbeatSeconds ?? 10;
    session.socket.send(
      JSON.stringify({
        type: 'welcome',
        nodeId: hello.nodeId,
        heartbeatSeconds,
        serverTime: new Date().toISOString(),
      }),
    );
    this.sendDesired(session);
  }

  private record(session: FakeSession, message: AgentMessage): void {
    session.received.push(message);
    this.messages.push(message);
    if (message.type === 'ack') session.appliedGeneration = message.generation;
    if (message.type === 'command-output') {
      const output = this.commandOutputs.get(message.id);
      if (!output) return;
      output.data += message.data;
      output.pieces++;
      output.largest = Math.max(output.largest, message.data.length);
      output.done ||= message.done;
      if (message.error) output.error = message.error;
      return;
    }
    if (message.type !== 'events') return;
    if (this.dropOnEvents) {
      session.socket.terminate();
      return;
    }
    for (const event of message.events) {
      if (this.events.has(event.id)) this.duplicateEvents++;
      else this.events.set(event.id, event);
    }
    if (this.ackEvents) {
      session.socket.send(
        JSON.stringify({ type: 'events-ack', ids: message.events.map((e) => e.id) }),
      );
    }
  }

  private sendDesired(session: FakeSession): void {
    if ((session.appliedGeneration ?? 0) >= this.desired.generation) return;
    session.socket.send(JSON.stringify({ type: 'desired', ...this.desired }));
  }
}
