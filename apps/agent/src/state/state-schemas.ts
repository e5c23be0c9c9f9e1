import { agentEvent, desiredState } from '@berth/spec';
import { z } from 'zod';

/*
 * The documents of the state directory. Each carries `version`; a change of shape bumps
 * it and ships a migration from the old shape (tldraw's habit), because a host may run an
 * old state directory with a new agent after an upgrade.
 */

const timestamp = z.string().max(64);

/** `credential.json`: who this node is. Written once by `join`, mode 0600. */
export const credentialFile = z.object({
  version: z.literal(1),
  nodeId: z.string().min(1),
  node: z.string().min(1),
  cluster: z.string(),
  account: z.string(),
  /** The control plane's base URL, http(s)://host[:port][/prefix], no trailing slash. */
  server: z.string().url(),
  /** The node's Ed25519 private key, PKCS#8 PEM. Never sent, never logged. */
  privateKeyPem: z.string().min(1),
  /** The public key as the server knows it: SPKI DER, base64. */
  publicKey: z.string().min(1),
  /** The pinned SHA-256 fingerprint of the server's certificate, `AB:CD:…`. */
  fingerprint: z.string().optional(),
  heartbeatSeconds: z.number().int().min(1),
  joinedAt: timestamp,
});
export type CredentialFile = z.infer<typeof credentialFile>;

/** `desired.json`: the last desired state received, kept to run it while offline. */
export const desiredFile = z.object({
  version: z.literal(1),
  receivedAt: timestamp,
  desired: desiredState,
});
export type DesiredFile = z.infer<typeof desiredFile>;

/** `applied.json`: the generation whose desired state was persisted and reconciled. */
export const appliedFile = z.object({
  version: z.literal(1),
  generation: z.number().int().min(0),
  appliedAt: timestamp,
});
export type AppliedFile = z.infer<typeof appliedFile>;

/** `events.json`: events not yet confirmed as received by the server. */
export const eventsFile = z.object({
  version: z.literal(1),
  events: z.array(agentEvent),
});
export type EventsFile = z.infer<typeof eventsFile>;

/** `status.json`: what `berth-agent run` is doing, for `berth-agent status`. */
export const statusFile = z.object({
  version: z.literal(1),
  pid: z.number().int(),
  nodeId: z.string(),
  server: z.string(),
  startedAt: timestamp,
  updatedAt: timestamp,
  connected: z.boolean(),
  lastContactAt: timestamp.nullable(),
  sessions: z.number().int().min(0),
  desiredGeneration: z.number().int().min(0).nullable(),
  appliedGeneration: z.number().int().min(0),
  // Absent in files written by agents before it existed: read as "not known".
  lastPassAt: timestamp.nullable().default(null),
  pendingEvents: z.number().int().min(0),
  lastError: z.string().nullable(),
  workloads: z.array(
    z.object({ id: z.string(), phase: z.string(), message: z.string().optional() }),
  ),
});
export type StatusFile = z.infer<typeof statusFile>;
