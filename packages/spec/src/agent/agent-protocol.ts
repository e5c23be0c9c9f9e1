import { z } from 'zod';
import { registrySettings } from './instance-workload.js';
import { nodeFacts } from './node-facts.js';

/**
 * The agent protocol: one WebSocket per agent at `/api/v1/agent`, dialled by the agent
 * (sites sit behind NAT). Every message is a JSON object with a `type`, validated by
 * these schemas on both sides. Nothing depends on a message arriving exactly once: the
 * server sends the whole desired state with a generation, and the agent acknowledges
 * the generation it applied.
 *
 *   server → agent   challenge {nonce}
 *   agent  → server  hello {nodeId, signature(nonce), facts, appliedGeneration}
 *   server → agent   welcome {heartbeatSeconds}, then desired {generation, …} when newer
 *   agent  → server  heartbeat | ack {generation} | status {…} | events {…}
 */
export const agentProtocolVersion = 1;

/**
 * Why the server closed a session. An agent retries with backoff after any close except
 * `revoked` (the node was revoked: stop and say so) and `authFailed` (the credential was
 * refused: retry slowly, the operator may be fixing the node).
 */
export const agentCloseCodes = {
  /** The server is shutting down or restarting: reconnect soon. */
  serverRestart: 1012,
  /** A message over `maxAgentMessageBytes`. */
  tooBig: 1009,
  /** Not the protocol: bad JSON, an unknown message, a message out of order. */
  protocolError: 4400,
  /** The hello's signature, node id or credential was refused. */
  authFailed: 4401,
  /** The node was revoked: it must not reconnect. */
  revoked: 4403,
  /** The same node connected again; this older session is closed. */
  replaced: 4409,
  /** No hello (or no heartbeat) in time. */
  timeout: 4408,
} as const;

/** The largest message either side accepts; bigger ones close the connection (R19). */
export const maxAgentMessageBytes = 4 * 1024 * 1024;

/** What the agent signs with its node key to answer a challenge. */
export function challengeText(nonce: string, nodeId: string): string {
  return `berth-agent-auth:v1:${nonce}:${nodeId}`;
}

const id = z.string().min(1).max(128);

/** Settings of the agent itself, pushed with the desired state. */
export const agentSettings = z.object({
  heartbeatSeconds: z.number().int().min(1).max(3600).default(10),
  logLevel: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  registries: registrySettings.optional(),
});
export type AgentSettings = z.infer<typeof agentSettings>;

/**
 * One thing the agent must keep running. `kind` names the engine driver that owns it;
 * `spec` is that driver's document (validated by the driver), so drivers can be added
 * without changing the session layer.
 */
export const workload = z.object({
  id,
  kind: z.string().min(1).max(64),
  revision: z.string().max(128),
  spec: z.unknown(),
});
export type Workload = z.infer<typeof workload>;

export const desiredState = z.object({
  generation: z.number().int().min(0),
  settings: agentSettings,
  workloads: z.array(workload).max(1000),
});
export type DesiredState = z.infer<typeof desiredState>;

// server → agent
export const challengeMessage = z.object({
  type: z.literal('challenge'),
  nonce: z.string().min(16).max(128),
});
export const welcomeMessage = z.object({
  type: z.literal('welcome'),
  nodeId: id,
  heartbeatSeconds: z.number().int().min(1),
  serverTime: z.string(),
});
export const desiredMessage = desiredState.extend({ type: z.literal('desired') });
/**
 * An on-demand request to the agent, e.g. reading a node's logs. The agent answers with
 * `command-output` messages carrying the same id, the last with `done: true`.
 */
export const logsCommand = z.object({
  kind: z.literal('logs'),
  workload: id,
  node: z.string().min(1).max(63),
  source: z.enum(['stdout', 'file']),
  follow: z.boolean(),
  /** Lines from the end to start with. */
  tail: z.number().int().min(0).max(100_000),
});
export const commandMessage = z.object({ type: z.literal('command'), id, command: logsCommand });
export const cancelMessage = z.object({ type: z.literal('cancel'), id });
/** The events of these ids are stored: the agent may forget them. */
export const eventsAckMessage = z.object({
  type: z.literal('events-ack'),
  ids: z.array(id).max(500),
});
export type CommandMessage = z.infer<typeof commandMessage>;

export const serverMessage = z.discriminatedUnion('type', [
  challengeMessage,
  welcomeMessage,
  desiredMessage,
  commandMessage,
  cancelMessage,
  eventsAckMessage,
]);
export type ServerMessage = z.infer<typeof serverMessage>;

// agent → server
export const helloMessage = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  nodeId: id,
  signature: z.string().max(256),
  facts: nodeFacts,
  appliedGeneration: z.number().int().min(0),
});
export const heartbeatMessage = z.object({ type: z.literal('heartbeat') });
export const ackMessage = z.object({ type: z.literal('ack'), generation: z.number().int().min(0) });

export const workloadStatus = z.object({
  id,
  /** The revision of the workload this status is about. */
  revision: z.string().max(128).optional(),
  phase: z.string().max(32),
  message: z.string().max(2000).optional(),
  /** Whether the host enforces the workload's memory and CPU limits (process workloads). */
  limitsEnforced: z.boolean().optional(),
  nodes: z
    .array(
      z.object({
        name: z.string().max(128),
        phase: z.string().max(32),
        ready: z.boolean(),
        restarts: z.number().int().min(0),
        endpoints: z.array(z.string().max(256)).max(64),
        message: z.string().max(2000).optional(),
      }),
    )
    .max(500),
});
export type WorkloadStatus = z.infer<typeof workloadStatus>;
export const statusMessage = z.object({
  type: z.literal('status'),
  generation: z.number().int().min(0),
  workloads: z.array(workloadStatus).max(1000),
});

export const agentEvent = z.object({
  /** Chosen by the agent, so a resent event is stored once. */
  id: z.string().uuid(),
  time: z.string().max(64),
  workload: z.string().max(128).nullable(),
  node: z.string().max(128).nullable(),
  reason: z.string().min(1).max(64),
  message: z.string().max(2000),
});
export type AgentEvent = z.infer<typeof agentEvent>;
export const eventsMessage = z.object({
  type: z.literal('events'),
  events: z.array(agentEvent).max(500),
});

export const commandOutputMessage = z.object({
  type: z.literal('command-output'),
  id,
  /** The next piece of output (UTF-8 text). */
  data: z.string().max(1024 * 1024),
  done: z.boolean(),
  error: z.string().max(2000).optional(),
});

export const agentMessage = z.discriminatedUnion('type', [
  helloMessage,
  heartbeatMessage,
  ackMessage,
  statusMessage,
  eventsMessage,
  commandOutputMessage,
]);
export type AgentMessage = z.infer<typeof agentMessage>;

/** `POST /api/v1/agent/join`: the one call a new host makes with its single-use token. */
export const joinRequest = z
  .strictObject({
    token: z.string().min(1).max(200),
    /** The node the token was issued for, as the join command names it. */
    node: z.string().min(1).max(64),
    /** The node's Ed25519 public key, SPKI DER in base64. The private key never leaves the host. */
    publicKey: z.string().min(40).max(200),
    facts: nodeFacts,
  })
  .meta({
    example: {
      token: 'bjn_example',
      node: 'gate-01',
      publicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=',
      facts: {
        arch: 'x86_64',
        os: 'Debian GNU/Linux 12',
        kernel: '6.1.0',
        hostname: 'gate-01',
        cpus: 4,
        memoryMi: 8192,
        diskMi: 40960,
        engine: { kind: 'podman', version: '4.3.1' },
        agentVersion: '0.1.0',
        addresses: ['192.168.10.21'],
      },
    },
  });
export type JoinRequest = z.infer<typeof joinRequest>;

export const joinResponse = z.object({
  nodeId: z.string(),
  node: z.string(),
  cluster: z.string(),
  account: z.string(),
  heartbeatSeconds: z.number().int(),
});
export type JoinResponse = z.infer<typeof joinResponse>;
