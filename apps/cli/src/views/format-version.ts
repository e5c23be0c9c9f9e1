import type { AppNode, VersionResponse } from '@berth/spec';
import { formatTime } from '../format-time.js';
import { type Column, formatDetails, formatTable } from '../table.js';

const nodeColumns: readonly Column<AppNode>[] = [
  { header: 'Node', value: (n) => n.name },
  { header: 'Kind', value: (n) => n.kind },
  { header: 'Image', value: imageOf },
  { header: 'Ports', value: (n) => portsOf(n) },
  { header: 'Depends on', value: (n) => n.dependsOn?.join(', ') },
];

/**
 * A version as `berth versions get` shows it in table format: its details (with the
 * ETag a script would send as If-Match), then one row per node of its spec.
 */
export function formatVersion(version: VersionResponse, etag: string | null): string {
  const nodes = version.spec.nodes ?? [];
  const details = formatDetails([
    ['App', version.app],
    ['Version', version.version],
    ['Kind', version.kind],
    ['From', version.from],
    ['State', version.state],
    ['Created', formatTime(version.createdAt)],
    ['Published', formatTime(version.publishedAt)],
    ['ETag', etag],
    ['Nodes', nodes.length],
  ]);
  return nodes.length === 0 ? details : `${details}\n${formatTable(nodeColumns, nodes)}`;
}

/** What the node runs: its image, or the catalog template / managed engine and its version. */
function imageOf(node: AppNode): string | undefined {
  if (node.kind === 'middleware' || node.kind === 'managed')
    return node.version ? `${node.template} ${node.version}` : node.template;
  return node.image;
}

/** `http:8080 (exposed)`; middleware ports are named catalog ports, without a number. */
function portsOf(node: AppNode): string | undefined {
  if (node.kind === 'managed' || !node.ports?.length) return undefined;
  return node.ports
    .map((p) => `${'port' in p ? `${p.name}:${p.port}` : p.name}${p.expose ? ' (exposed)' : ''}`)
    .join(', ');
}
