import { randomFillSync } from 'node:crypto';
import {
  type AgentMessage,
  agentCloseCodes,
  agentMessage,
  agentProtocolVersion,
  type ServerMessage,
} from '@berth/spec';
import type { WebSocket } from 'ws';
import type { AgentSession } from './session-registry.js';

/** What a connection needs from the gateway. */
export interface SessionHandlers {
  /** Authenticates a hello; resolves to the session to register, or a refusal. */
  authenticate(
    hello: Extract<AgentMessage, { type: 'hello' }>,
    nonce: string,
    connection: Connection,
  ): Promise<AgentSession | { refused: string; code: number }>;
  message(session: AgentSession, message: Exclude<AgentMessage, { type: 'hello' }>): void;
  closed(session: AgentSession): void;
  log: { warn(obj: object, msg: string): void };
}

/** How long a received hello may take to check before the agent is told to try again. */
const authenticationTimeoutMs = 60_000;

/** The socket side of a session, handed to the registry. */
export interface Connection {
  send(message: ServerMessage): void;
  /** Sends a message serialised already (one document sent to many agents). */
  sendJson(json: string): void;
  close(code: number, reason: string): void;
  readonly remoteAddress: string;
}

/**
 * One agent connection, from challenge to close. Before the hello is accepted, nothing
 * but a hello is accepted; anything that is not a protocol message closes the
 * connection (R19: bad JSON, unknown types, huge or deep messages never get further).
 */
export function handleConnection(
  socket: WebSocket,
  remoteAddress: string,
  handlers: SessionHandlers,
  helloTimeoutMs: number,
): void {
  const nonce = nextNonce();
  let session: AgentSession | undefined;
  let authenticating = false;
  // Messages an agent sends right after the welcome, while the hello is being finished.
  const early: AgentMessage[] = [];
  const connection: Connection = {
    remoteAddress,
    send(message) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    sendJson(json) {
      if (socket.readyState === socket.OPEN) socket.send(json);
    },
    close(code, reason) {
      socket.close(code, reason.slice(0, 120));
    },
  };
  let helloTimer = setTimeout(
    () => connection.close(agentCloseCodes.timeout, 'no hello in time'),
    helloTimeoutMs,
  );
  helloTimer.unref();

  socket.on('message', (data: Buffer, isBinary: boolean) => {
    const message = isBinary ? undefined : parse(data);
    if (!message) {
      connection.close(agentCloseCodes.protocolError, 'not a protocol message');
      return;
    }
    if (session) {
      if (message.type === 'hello') connection.close(agentCloseCodes.protocolError, 'hello twice');
      else handlers.message(session, message);
      return;
    }
    if (authenticating && message.type !== 'hello' && early.length < 100) {
      early.push(message);
      return;
    }
    if (message.type !== 'hello' || authenticating) {
      connection.close(agentCloseCodes.protocolError, 'expected a hello first');
      return;
    }
    if (message.protocol !== agentProtocolVersion) {
      connection.close(
        agentCloseCodes.protocolError,
        `protocol ${message.protocol} is not supported`,
      );
      return;
    }
    authenticating = true;
    // The agent said hello in time; checking it is the server's time. Under a reconnect
    // storm that can take seconds, and closing for "no hello" would throw the work away
    // and send the agent to its backoff. A deadline remains for a stuck check.
    clearTimeout(helloTimer);
    helloTimer = setTimeout(
      () => connection.close(agentCloseCodes.serverRestart, 'try again'),
      authenticationTimeoutMs,
    );
    helloTimer.unref();
    handlers
      .authenticate(message, nonce, connection)
      .then((result) => {
        clearTimeout(helloTimer);
        if ('refused' in result) connection.close(result.code, result.refused);
        else if (socket.readyState !== socket.OPEN) handlers.closed(result);
        else {
          session = result;
          for (const m of early.splice(0)) {
            if (m.type !== 'hello') handlers.message(result, m);
          }
        }
      })
      .catch((error: unknown) => {
        handlers.log.warn({ err: error }, 'agent authentication failed');
        connection.close(agentCloseCodes.serverRestart, 'try again');
      });
  });
  socket.on('close', () => {
    clearTimeout(helloTimer);
    if (session) handlers.closed(session);
  });
  socket.on('error', () => {
    // 'close' follows; a broken socket is not an error of the server
  });
  connection.send({ type: 'challenge', nonce });
}

const nonceBytes = 24;
/**
 * Challenges are cut from a pool of random bytes, refilled from the CSPRNG every 256
 * nonces: a call to `randomBytes` costs ~10 µs (OpenSSL's locking), the cut 0.4 µs, and a
 * restart asks for ten thousand at once. Each nonce is used once.
 */
const noncePool = Buffer.alloc(nonceBytes * 256);
let nonceOffset = noncePool.length;

function nextNonce(): string {
  if (nonceOffset + nonceBytes > noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString('base64url', nonceOffset, nonceOffset + nonceBytes);
  nonceOffset += nonceBytes;
  return nonce;
}

function parse(data: Buffer): AgentMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = agentMessage.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
