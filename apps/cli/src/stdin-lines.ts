import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** Hands out the lines of standard input one by one, for `--password-stdin` and friends. */
export interface StdinLines {
  /**
   * The next line, without its line ending.
   * @throws CliError (usage) when stdin has no further line, or the line is empty.
   */
  next(what: string): Promise<string>;
}

/**
 * Reads standard input once, at the first request, and splits it into lines. Secrets come
 * in the order the command asks for them (e.g. the current password on line 1 and the
 * new one on line 2), so several can be piped without files or environment variables.
 */
export function createStdinLines(readAll: () => Promise<string>): StdinLines {
  let lines: string[] | undefined;
  let index = 0;
  return {
    async next(what) {
      lines ??= (await readAll()).split(/\r?\n/);
      const line = lines[index++];
      if (line === undefined || line === '') {
        throw new CliError(
          `Expected the ${what} on line ${index} of standard input`,
          exitCodes.usage,
          'stdin_missing_line',
        );
      }
      return line;
    },
  };
}
