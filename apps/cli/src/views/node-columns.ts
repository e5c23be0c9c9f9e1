import type { Node, NodeFacts } from '@berth/spec';
import { formatAgo } from '../format-ago.js';
import { formatMemory } from '../format-memory.js';
import type { Column } from '../table.js';

/** `podman 4.9.3`, `docker`, `none`: the container engine a node's agent drives. */
export const engineOf = (facts: NodeFacts | null) =>
  facts ? [facts.engine.kind, facts.engine.version].filter(Boolean).join(' ') : undefined;

/** The columns of `berth nodes list`; "last seen" is relative to `now` (ms). */
export function nodeColumns(now: number): readonly Column<Node>[] {
  return [
    { header: 'Name', value: (n) => n.name },
    { header: 'Status', value: (n) => n.status },
    { header: 'Last seen', value: (n) => formatAgo(n.lastSeenAt, now) ?? 'never' },
    { header: 'IP segment', value: (n) => n.ipSegment },
    { header: 'Arch', value: (n) => n.facts?.arch },
    { header: 'CPUs', value: (n) => n.facts?.cpus },
    { header: 'Memory', value: (n) => (n.facts ? formatMemory(n.facts.memoryMi) : undefined) },
    { header: 'Engine', value: (n) => engineOf(n.facts) },
  ];
}
