import { BerthApiError, BerthConnectionError } from '@berth/client';
import type { Problem } from '@berth/spec';
import { CliError } from './cli-error.js';
import { exitCodeOf } from './exit-codes.js';
import { InvalidFileError } from './invalid-file-error.js';

/**
 * Describes any error as a problem, so that `--output json` can always print one: API
 * errors carry the server's, the CLI's own errors get one with their code.
 */
export function problemOfError(error: unknown): Problem {
  if (error instanceof BerthApiError) return error.problem;
  if (error instanceof InvalidFileError) return fileProblem(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof BerthConnectionError) {
    return localProblem('connection_failed', 'Cannot reach the server', detail);
  }
  if (error instanceof CliError) return localProblem(error.code, 'Command failed', detail);
  if (error instanceof Error && error.name === 'ExitPromptError') {
    return localProblem('cancelled', 'Cancelled', 'Cancelled at the prompt');
  }
  return localProblem('unexpected_error', 'Unexpected error', detail);
}

/** The server's problem (or a local one) whose errors carry the file, line and column. */
function fileProblem(error: InvalidFileError): Problem {
  const base = error.problem ?? localProblem(error.code, 'Invalid file', error.message);
  const errors = error.errors.map((e) => ({ ...e, file: error.file }));
  return { ...base, detail: error.message, errors };
}

function localProblem(code: string, title: string, detail: string): Problem {
  // status 0: nothing came from the server
  return {
    type: `https://berth.dev/problems/${code.replaceAll('_', '-')}`,
    title,
    status: 0,
    detail,
    code,
  };
}

/**
 * Prints an error for a person (`error: <detail>` and each field error as
 * `  path: message`, or `FILE:LINE:COLUMN  path  message` when the errors are located in
 * a file) and, when `json` is set, the problem as one line of JSON after it, so a script
 * can take the last line of stderr. Returns the exit code to end with.
 */
export function reportError(
  error: unknown,
  options: { write: (text: string) => void; json: boolean },
): number {
  const problem = problemOfError(error);
  const lines = [`error: ${problem.detail}`];
  if (error instanceof InvalidFileError) lines.push(...error.lines());
  else for (const e of problem.errors ?? []) lines.push(`  ${e.path || '(body)'}: ${e.message}`);
  if (problem.requestId && problem.status >= 500) lines.push(`  request id: ${problem.requestId}`);
  if (options.json) lines.push(JSON.stringify(problem));
  options.write(`${lines.join('\n')}\n`);
  return exitCodeOf(error);
}
