import { readFile } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';

/**
 * Reads the file named by `-f`: `-` is standard input (reported as `<stdin>`).
 * @throws CliError: not found (5) when the file does not exist, unexpected (1) when it
 *   cannot be read (a directory, no permission).
 */
export async function readInputFile(
  path: string,
  readStdin: () => Promise<string>,
): Promise<{ name: string; text: string }> {
  if (path === '-') return { name: '<stdin>', text: await readStdin() };
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new CliError(`No such file: ${path}`, exitCodes.notFound, 'file_not_found');
    throw new CliError(
      `Cannot read ${path}: ${(error as Error).message}`,
      exitCodes.unexpected,
      'file_unreadable',
    );
  }
}
