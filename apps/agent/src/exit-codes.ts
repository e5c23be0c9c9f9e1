import {
  AlreadyJoinedError,
  CorruptStateError,
  FingerprintMismatchError,
  JoinRefusedError,
  NodeRevokedError,
  NotJoinedError,
  ServerUnreachableError,
  StateLockedError,
  UsageError,
} from './agent-errors.js';

/** The exit codes scripts and service managers may rely on. Changing one is a breaking change. */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  joinRefused: 3,
  stateDir: 4,
  revoked: 5,
  fingerprintMismatch: 6,
  unreachable: 8,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The exit codes as `berth-agent --help` and the README list them. */
export const exitCodesHelp = `Exit codes:
  0  ok (run: stopped by SIGTERM or SIGINT)
  1  unexpected error
  2  usage error: bad flags or arguments
  3  join refused by the server: token invalid, expired, already used, or for another node
  4  state directory: not joined yet (run, status), already joined (join), in use by
     another berth-agent, or its credential is unreadable
  5  this node was revoked by the platform (run stops and does not reconnect)
  6  the server's TLS certificate does not match --fingerprint (nothing was sent)
  8  cannot reach the server (join), or it failed (5xx): try again`;

/** Maps what a command threw to its exit code. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof JoinRefusedError) return exitCodes.joinRefused;
  if (
    error instanceof NotJoinedError ||
    error instanceof AlreadyJoinedError ||
    error instanceof StateLockedError ||
    error instanceof CorruptStateError
  ) {
    return exitCodes.stateDir;
  }
  if (error instanceof NodeRevokedError) return exitCodes.revoked;
  if (error instanceof FingerprintMismatchError) return exitCodes.fingerprintMismatch;
  if (error instanceof ServerUnreachableError) return exitCodes.unreachable;
  if (error instanceof UsageError) return exitCodes.usage;
  return exitCodes.unexpected;
}
