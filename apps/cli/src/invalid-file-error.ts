import type { Problem } from '@berth/spec';
import type { LocatedError } from './app-file/source-document.js';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/**
 * A file the CLI or the server refused, with each error located in the file. Exits 7.
 * `problem` is the server's answer when the server refused it (kept for `-o json`).
 */
export class InvalidFileError extends CliError {
  constructor(
    message: string,
    readonly file: string,
    readonly errors: readonly LocatedError[],
    readonly problem?: Problem,
  ) {
    super(message, exitCodes.invalidInput, problem?.code ?? 'invalid_file');
  }

  /** One line per error, `FILE:LINE:COLUMN  path  message`, as compilers print them. */
  lines(): string[] {
    return this.errors.map((e) => formatLocatedError(this.file, e));
  }
}

/**
 * `FILE:LINE:COLUMN  path  message`; the path is `(document)` when the error is about
 * the whole document. Editors and terminals turn `FILE:LINE:COLUMN` into a link.
 */
export function formatLocatedError(file: string, error: LocatedError): string {
  return `${file}:${error.line}:${error.column}  ${error.path || '(document)'}  ${error.message}`;
}
