import type { Page } from '@berth/client';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from './command-context.js';
import { type Column, formatTable } from './table.js';

/** The options of a list command, as commander parses them. */
export interface PageFlags {
  limit?: number;
  cursor?: string;
}

/**
 * Adds `--limit N` and `--cursor C` to a list command. Without `--limit` the whole list is
 * read (page by page), unless `defaultLimit` caps it (the audit log can be long).
 */
export function addPageOptions(command: Command, defaultLimit?: number): Command {
  const all = defaultLimit === undefined ? ' (default: all)' : '';
  command.option('--limit <n>', `show at most n entries${all}`, positiveInteger, defaultLimit);
  command.option('--cursor <cursor>', 'continue a list where an earlier --limit stopped');
  return command;
}

/** Commander argument parser for counts. @throws InvalidArgumentError (exit 2) otherwise. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1');
  }
  return n;
}

/**
 * Prints a list: `{items, nextCursor}` as JSON/YAML, or a table. When the list goes on,
 * the table format says on stderr how to continue; when it is empty, it says so there.
 */
export function printPage<T>(
  ctx: CommandContext,
  page: Page<T>,
  columns: readonly Column<T>[],
  noun: string,
): void {
  if (page.items.length === 0) ctx.out.note(`No ${noun} found.`);
  ctx.out.result(page, () => (page.items.length === 0 ? '' : formatTable(columns, page.items)));
  if (page.nextCursor !== null && ctx.out.format === 'table') {
    ctx.out.note(`More ${noun} follow: add --cursor ${page.nextCursor}`);
  }
}
