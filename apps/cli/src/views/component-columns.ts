import type { ClusterComponent } from '@berth/spec';
import { formatTime } from '../format-time.js';
import type { Column } from '../table.js';

/** `1/2 running`: on how many of its hosts a component runs. */
export const runningOn = (c: ClusterComponent) =>
  c.nodes.length === 0
    ? undefined
    : `${c.nodes.filter((n) => n.phase === 'running').length}/${c.nodes.length} running`;

/** The columns of `berth clusters components`. */
export const componentColumns: readonly Column<ClusterComponent>[] = [
  { header: 'Name', value: (c) => c.name },
  { header: 'Status', value: (c) => c.status },
  { header: 'Nodes', value: runningOn },
  { header: 'Description', value: (c) => c.displayName },
];

type ComponentNode = ClusterComponent['nodes'][number];

/** The columns of one component's hosts (`components get`, `components init`). */
export const componentNodeColumns: readonly Column<ComponentNode>[] = [
  { header: 'Node', value: (n) => n.node },
  { header: 'Phase', value: (n) => n.phase },
  { header: 'Initialised', value: (n) => formatTime(n.initialisedAt) },
  { header: 'Message', value: (n) => n.message },
];
