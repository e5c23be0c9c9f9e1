import type { Instance } from '@berth/spec';
import { formatTime } from '../format-time.js';
import { type Column, formatDetails, formatTable } from '../table.js';
import { readyCount } from './instance-columns.js';

type NodeStatus = Instance['status']['nodes'][number];

const nodeColumns: readonly Column<NodeStatus>[] = [
  { header: 'Node', value: (n) => n.name },
  { header: 'Phase', value: (n) => n.phase },
  { header: 'Ready', value: (n) => n.ready },
  { header: 'Restarts', value: (n) => n.restarts },
  { header: 'Endpoints', value: (n) => n.endpoints.join(', ') },
  { header: 'Message', value: (n) => n.message },
];

/** `site=north, port=8080`: a map as one line, keys in their order. */
const pairs = (map: Record<string, unknown>) =>
  Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * An instance as `berth instances get` shows it in table format: its details (phase and
 * why, versions, where it runs, parameters without secrets, resources), then one row
 * per node of its app with its phase, readiness, restarts and endpoints.
 */
export function formatInstance(instance: Instance): string {
  const { status } = instance;
  const details = formatDetails([
    ['Name', instance.name],
    ['App', instance.app],
    ['Version', instance.version],
    ['Previous version', instance.previousVersion],
    ['Cluster', instance.cluster],
    ['Host', instance.node],
    ['State', instance.state],
    ['Phase', status.phase],
    ['Reason', status.reason],
    ['Ready', readyCount(instance)],
    ['Parameters', pairs(instance.params)],
    ['Replicas', pairs(instance.replicas)],
    ['Resources', `${instance.resources.cpuMillis}m CPU, ${instance.resources.memoryMi}Mi memory`],
    ['Deploy started', formatTime(instance.deployStartedAt)],
    ['Created', formatTime(instance.createdAt)],
    ['Updated', formatTime(instance.updatedAt)],
  ]);
  return status.nodes.length === 0
    ? details
    : `${details}\n${formatTable(nodeColumns, status.nodes)}`;
}
