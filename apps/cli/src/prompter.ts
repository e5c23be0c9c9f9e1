import { createInterface } from 'node:readline/promises';

/** Asks the person at the terminal. Only used when stdin and stderr are terminals. */
export interface Prompter {
  /** Asks for a line of text; an empty answer takes `defaultValue`. */
  text(message: string, defaultValue?: string): Promise<string>;
  /** Asks for a secret without echoing it. */
  secret(message: string): Promise<string>;
}

/**
 * Prompts on the terminal: questions go to `output` (stderr), so stdout stays clean for
 * results. Ctrl+C rejects with an `ExitPromptError`, which ends the CLI with code 130.
 */
export function createTerminalPrompter(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Prompter {
  return {
    async text(message, defaultValue) {
      const rl = createInterface({ input, output, terminal: true });
      const cancelled = new Promise<never>((_, reject) =>
        rl.once('SIGINT', () =>
          reject(Object.assign(new Error('cancelled'), { name: 'ExitPromptError' })),
        ),
      );
      try {
        const suffix = defaultValue ? ` (${defaultValue})` : '';
        const answer = await Promise.race([rl.question(`${message}${suffix}: `), cancelled]);
        return answer.trim() || defaultValue || '';
      } finally {
        rl.close();
      }
    },
    async secret(message) {
      // loaded on demand: most runs never prompt, and every run pays for its imports
      const { default: password } = await import('@inquirer/password');
      return password({ message, mask: false }, { input, output });
    },
  };
}
