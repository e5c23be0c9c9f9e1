import type { Instance } from '@berth/spec';
import { formatTime } from '../format-time.js';
import type { Column } from '../table.js';

/** `2/3`: the nodes of an instance that are ready (or, like init nodes, completed). */
export function readyCount(instance: Instance): string | undefined {
  const nodes = instance.status.nodes;
  if (nodes.length === 0) return undefined;
  return `${nodes.filter((n) => n.ready || n.phase === 'completed').length}/${nodes.length}`;
}

/** The columns of `berth instances list` and of the instance an action answers. */
export const instanceColumns: readonly Column<Instance>[] = [
  { header: 'Name', value: (i) => i.name },
  { header: 'App', value: (i) => i.app },
  { header: 'Version', value: (i) => i.version },
  { header: 'Cluster', value: (i) => i.cluster },
  { header: 'Host', value: (i) => i.node },
  { header: 'Phase', value: (i) => i.status.phase },
  { header: 'Ready', value: readyCount },
  { header: 'Updated', value: (i) => formatTime(i.updatedAt) },
];
