/** What a table cell may hold; `null`, `undefined` and `''` show as `<none>`. */
export type Cell = string | number | boolean | null | undefined;

/** One column of a table: its header and how to read a row's cell. */
export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

const gap = '   ';
const none = '<none>';

/**
 * Renders rows as kubectl-style columns: an upper-case header, cells left-aligned and
 * separated by three spaces, no borders, no trailing spaces. Booleans show as yes/no.
 * Control characters in values are replaced, so a name from the server cannot move the
 * cursor or recolour the terminal.
 */
export function formatTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const header = columns.map((c) => c.header.toUpperCase());
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(gap)
      .trimEnd();
  return `${[header, ...cells].map(line).join('\n')}\n`;
}

/** Renders label/value pairs as aligned `Label:  value` lines, like `kubectl describe`. */
export function formatDetails(pairs: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length + 1));
  const lines = pairs.map(([label, value]) =>
    `${`${label}:`.padEnd(width)}  ${cellText(value)}`.trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

function cellText(value: Cell): string {
  if (value === null || value === undefined || value === '') return none;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return printable(String(value));
}

/**
 * Replaces control characters (escape sequences, newlines) with `?`, so text from the
 * server cannot move the cursor or recolour the terminal.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
