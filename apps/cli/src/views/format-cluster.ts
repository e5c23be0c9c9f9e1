import type { Cluster } from '@berth/spec';
import { formatTime } from '../format-time.js';
import { formatDetails } from '../table.js';
import { storageOf } from './cluster-columns.js';

/** A cluster as `berth clusters get` and `agent-settings` show it in table format. */
export function formatCluster(cluster: Cluster): string {
  return formatDetails([
    ['Name', cluster.name],
    ['Display name', cluster.displayName],
    ['Type', cluster.type],
    ['Runtime', cluster.runtime],
    ['Shared', cluster.shared],
    ['Nodes', `${cluster.nodes.online} of ${cluster.nodes.total} online`],
    ['Storage', storageOf(cluster)],
    ['Service CIDR', cluster.serviceCidr],
    ['Heartbeat', `every ${cluster.agentSettings.heartbeatSeconds} s`],
    ['Agent log level', cluster.agentSettings.logLevel],
    ['Created', formatTime(cluster.createdAt)],
  ]);
}
