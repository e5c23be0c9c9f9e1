import type { InstanceEvent } from '@berth/spec';
import { formatTime } from '../format-time.js';
import { type Column, printable } from '../table.js';

/** The columns of `berth events`. */
export const eventColumns: readonly Column<InstanceEvent>[] = [
  { header: 'Time', value: (e) => formatTime(e.time) },
  { header: 'Source', value: (e) => e.source },
  { header: 'Node', value: (e) => e.node },
  { header: 'Reason', value: (e) => e.reason },
  { header: 'Message', value: (e) => e.message },
];

// `berth events --follow` cannot know the widths of rows still to come: fixed ones.
const widths = [19, 13, 12, 14];

/** One row of `berth events --follow` in table format, columns of fixed width. */
export function formatEventRow(event: InstanceEvent): string {
  const cells = [
    formatTime(event.time) ?? '',
    event.source,
    event.node ?? '<none>',
    event.reason,
    event.message,
  ].map(printable);
  return `${cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('   ')
    .trimEnd()}\n`;
}

/** The header of `berth events --follow` in table format, aligned with `formatEventRow`. */
export function formatEventHeader(): string {
  return `${eventColumns
    .map((c, i) => c.header.toUpperCase().padEnd(widths[i] ?? 0))
    .join('   ')
    .trimEnd()}\n`;
}

/** An event as a progress line of `--wait`: `  [14:05:09] web Pulled: pulled the image`. */
export function formatEventLine(event: InstanceEvent): string {
  const time = formatTime(event.time)?.slice(11) ?? event.time;
  const node = event.node ? `${printable(event.node)} ` : '';
  return `  [${time}] ${node}${printable(event.reason)}: ${printable(event.message)}`;
}
