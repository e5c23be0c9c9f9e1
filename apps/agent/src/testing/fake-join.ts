import { createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { type AgentSettings, joinRequest } from '@berth/spec';

/** A node the fake control plane let join. */
export interface FakeNode {
  nodeId: string;
  node: string;
  publicKey: KeyObject;
  revoked: boolean;
}

/** A single-use join token bound to a node name. */
export interface FakeToken {
  node: string;
  used: boolean;
}

/**
 * The fake control plane's `POST /api/v1/agent/join`: the real endpoint's contract
 * (`joinRequest` in, `joinResponse` or a problem with the real codes out), tokens and
 * nodes kept in maps. Registers the node's public key for the session's signature check.
 */
export function fakeJoin(
  raw: Buffer,
  tokens: Map<string, FakeToken>,
  nodes: Map<string, FakeNode>,
  settings: AgentSettings,
): { status: number; body: unknown } {
  const problem = (status: number, code: string, detail: string) => ({
    status,
    body: { status, code, detail, title: code },
  });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return problem(400, 'bad_json', 'not JSON');
  }
  const parsed = joinRequest.safeParse(body);
  if (!parsed.success) return problem(422, 'invalid_input', parsed.error.message);
  const token = tokens.get(parsed.data.token);
  if (!token) return problem(401, 'join_token_invalid', 'The join token is not valid.');
  if (token.used) return problem(409, 'join_token_used', 'The join token was already used.');
  if (token.node !== parsed.data.node) {
    return problem(403, 'join_token_other_node', `The token was issued for node ${token.node}.`);
  }
  token.used = true;
  const nodeId = `n_${randomUUID().slice(0, 8)}`;
  const key = Buffer.from(parsed.data.publicKey, 'base64');
  const publicKey = createPublicKey({ key, format: 'der', type: 'spki' });
  nodes.set(nodeId, { nodeId, node: parsed.data.node, publicKey, revoked: false });
  const { node } = parsed.data;
  const heartbeatSeconds = settings.heartbeatSeconds;
  return {
    status: 201,
    body: { nodeId, node, cluster: 'edge', account: 'acme', heartbeatSeconds },
  };
}
