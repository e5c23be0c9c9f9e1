import { stringify } from 'yaml';

export const outputFormats = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** Where a command's results (stdout) and messages for people (stderr) go. */
export interface Output {
  readonly format: OutputFormat;
  /**
   * Prints a command's result on stdout: `data` as JSON or YAML, or in table format
   * whatever `table()` renders (nothing when it returns '').
   */
  result(data: unknown, table: () => string): void;
  /**
   * Prints one item of a stream of results (`--follow`): a line of JSON (JSON Lines), a
   * YAML document after `---`, or in table format the line `text()` renders.
   */
  item(data: unknown, text: () => string): void;
  /** A message for the person at the terminal, on stderr in every format. */
  note(message: string): void;
}

/**
 * Binds the output format to the two streams. Results go to stdout and nothing else does,
 * so `berth … -o json | jq` always receives exactly one document.
 */
export function createOutput(
  format: OutputFormat,
  streams: { stdout: (text: string) => void; stderr: (text: string) => void },
): Output {
  return {
    format,
    result(data, table) {
      if (format === 'json') streams.stdout(`${JSON.stringify(data, null, 2)}\n`);
      else if (format === 'yaml') streams.stdout(stringify(data));
      else {
        const text = table();
        if (text) streams.stdout(text);
      }
    },
    item(data, text) {
      if (format === 'json') streams.stdout(`${JSON.stringify(data)}\n`);
      else if (format === 'yaml') streams.stdout(`---\n${stringify(data)}`);
      else streams.stdout(text());
    },
    note(message) {
      streams.stderr(`${message}\n`);
    },
  };
}
