import type { Cluster } from '@berth/spec';
import { formatTime } from '../format-time.js';
import type { Column } from '../table.js';

/** `10.0.0.5:/exports/berth`: a cluster's NFS storage as `--nfs` takes it. */
export const storageOf = (c: Cluster) =>
  c.storage ? `nfs ${c.storage.nfs.server}:${c.storage.nfs.path}` : undefined;

/** The columns of `berth clusters list` and `create`. */
export const clusterColumns: readonly Column<Cluster>[] = [
  { header: 'Name', value: (c) => c.name },
  { header: 'Type', value: (c) => c.type },
  { header: 'Runtime', value: (c) => c.runtime },
  { header: 'Nodes', value: (c) => `${c.nodes.online}/${c.nodes.total} online` },
  { header: 'Shared', value: (c) => c.shared },
  { header: 'Storage', value: storageOf },
  { header: 'Service CIDR', value: (c) => c.serviceCidr },
  { header: 'Created', value: (c) => formatTime(c.createdAt) },
];
