import { BerthApiError, BerthConnectionError } from '@berth/client';
import { CliError } from './cli-error.js';

/** The exit codes scripts may rely on. Changing one is a breaking change. */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
  conflict: 6,
  invalidInput: 7,
  unreachable: 8,
  rateLimited: 9,
  deploymentFailed: 10,
  timedOut: 11,
  cancelled: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The exit codes as `berth --help` and the README list them. */
export const exitCodesHelp = `Exit codes:
  0    ok
  1    unexpected error (including server errors, 5xx)
  2    usage error: bad flags or arguments (also the server's 400, e.g. no account chosen)
  3    not signed in, or the credentials were refused (401)
  4    forbidden (403), including "password change required"
  5    not found (404)
  6    conflict or precondition failed (409, 412)
  7    invalid input (422), or a file that is not valid; each field error is
       printed as "path: message", or as "FILE:LINE:COLUMN  path  message"
  8    cannot reach the server
  9    rate limited (429)
  10   deployment failed (--wait): the instance failed, or its upgrade was rolled back
  11   timed out (--wait): the instance did not get there within --timeout
  130  cancelled at a prompt (Ctrl+C)`;

const byStatus: Record<number, ExitCode> = {
  400: exitCodes.usage,
  401: exitCodes.unauthenticated,
  403: exitCodes.forbidden,
  404: exitCodes.notFound,
  409: exitCodes.conflict,
  412: exitCodes.conflict,
  422: exitCodes.invalidInput,
  429: exitCodes.rateLimited,
};

/**
 * Maps anything a command may throw to its exit code: API errors by HTTP status,
 * connection failures to 8, the CLI's own errors by the code they carry, a cancelled
 * prompt to 130, and everything else to 1.
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof BerthApiError) return byStatus[error.status] ?? exitCodes.unexpected;
  if (error instanceof BerthConnectionError) return exitCodes.unreachable;
  if (error instanceof Error && error.name === 'ExitPromptError') return exitCodes.cancelled;
  return exitCodes.unexpected;
}
