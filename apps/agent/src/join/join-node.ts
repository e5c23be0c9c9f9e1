import { generateKeyPairSync } from 'node:crypto';
import { type JoinRequest, joinResponse, type NodeFacts } from '@berth/spec';
import { AlreadyJoinedError, JoinRefusedError, ServerUnreachableError } from '../agent-errors.js';
import { joinUrl } from '../server-url.js';
import type { CredentialFile } from '../state/state-schemas.js';
import type { StateStore } from '../state/state-store.js';
import { postJson } from './post-json.js';

export interface JoinOptions {
  /** Normalised by `parseServerUrl`. */
  server: string;
  /** Single use; sent once, never stored or logged. */
  token: string;
  node: string;
  /** `AB:CD:…` (see `parseFingerprint`); required to trust a self-signed certificate. */
  fingerprint?: string;
  facts: NodeFacts;
  userAgent?: string;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * Joins this host to the platform once: makes an Ed25519 key pair, sends the token, the
 * node name, the public key and the facts to `POST /api/v1/agent/join`, and stores the
 * credential (with the private key and the pinned fingerprint) in the state directory.
 *
 * Throws AlreadyJoinedError if the state directory holds a credential, JoinRefusedError
 * with the server's `code` and `detail` on a 4xx problem (do not retry with the same
 * token), FingerprintMismatchError when the pinned certificate differs (nothing sent),
 * ServerUnreachableError when the server cannot be reached or fails (5xx: retry later).
 * The token is spent by a successful join even if storing the credential then fails.
 */
export async function joinNode(store: StateStore, options: JoinOptions): Promise<CredentialFile> {
  const existing = await store.loadCredential();
  if (existing) throw new AlreadyJoinedError(store.dir, existing.nodeId);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const request: JoinRequest = {
    token: options.token,
    node: options.node,
    publicKey: publicKeyDer,
    facts: options.facts,
  };
  const answer = await postJson(joinUrl(options.server), request, {
    fingerprint: options.fingerprint,
    timeoutMs: options.timeoutMs,
    userAgent: options.userAgent,
  });
  if (answer.status >= 500) {
    const { detail } = refusal(answer.status, answer.body);
    throw new ServerUnreachableError(
      `the server failed the join (HTTP ${answer.status}): ${detail}`,
    );
  }
  if (answer.status !== 201 && answer.status !== 200) throw refusal(answer.status, answer.body);
  const joined = joinResponse.safeParse(answer.body);
  if (!joined.success) {
    throw new ServerUnreachableError(
      `${options.server} answered the join with something that is not a Berth join response`,
    );
  }
  const credential: CredentialFile = {
    version: 1,
    nodeId: joined.data.nodeId,
    node: joined.data.node,
    cluster: joined.data.cluster,
    account: joined.data.account,
    server: options.server,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKeyDer,
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    heartbeatSeconds: joined.data.heartbeatSeconds,
    joinedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  await store.saveCredential(credential);
  return credential;
}

/** Turns a problem+json answer (or anything else) into a JoinRefusedError. */
function refusal(status: number, body: unknown): JoinRefusedError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const code = typeof problem.code === 'string' ? problem.code : `http_${status}`;
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : `the server refused the join with HTTP ${status}`;
  return new JoinRefusedError(status, code, detail.slice(0, 500));
}
