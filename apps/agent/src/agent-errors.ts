/*
 * The errors the agent's commands end with. Each maps to one exit code (`exit-codes.ts`)
 * and carries a message meant for the operator at the host's console.
 */

/** The server refused the join (problem+json `code` and `detail`, e.g. `join_token_used`). */
export class JoinRefusedError extends Error {
  override readonly name = 'JoinRefusedError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** The server's certificate is not the pinned one: nothing was sent (R3). */
export class FingerprintMismatchError extends Error {
  override readonly name = 'FingerprintMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `the server's certificate fingerprint ${actual} does not match the pinned ${expected}; nothing was sent`,
    );
  }
}

/** The server could not be reached, or answered something that is not the protocol. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

/** `run`/`status` on a state directory without a credential. */
export class NotJoinedError extends Error {
  override readonly name = 'NotJoinedError';
  constructor(readonly stateDir: string) {
    super(`no credential in ${stateDir}: run "berth-agent join" first`);
  }
}

/** `join` on a state directory that already holds a credential. */
export class AlreadyJoinedError extends Error {
  override readonly name = 'AlreadyJoinedError';
  constructor(
    readonly stateDir: string,
    readonly nodeId: string,
  ) {
    super(
      `${stateDir} already holds the credential of node ${nodeId}; to join again, remove ${stateDir}/credential.json and use a new token`,
    );
  }
}

/** Another agent runs on the same state directory. */
export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
  constructor(
    readonly stateDir: string,
    readonly pid: number,
  ) {
    super(`another berth-agent (pid ${pid}) is running on ${stateDir}`);
  }
}

/** A state file that is unreadable and has no good previous copy (only fatal for the credential). */
export class CorruptStateError extends Error {
  override readonly name = 'CorruptStateError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} is unreadable: ${problem}`);
  }
}

/** The node was revoked by the platform: the agent must not reconnect. */
export class NodeRevokedError extends Error {
  override readonly name = 'NodeRevokedError';
}

/** Bad flags or arguments. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
