import type { ExitCode } from './exit-codes.js';

/**
 * An error the CLI itself detects (a missing flag, no context, a local file it cannot
 * use). Carries the exit code to end with and a stable `code`, like the server's problems.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code: string,
  ) {
    super(message);
  }
}
