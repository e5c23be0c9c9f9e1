import type { PassThrough } from 'node:stream';
import type { InstanceWorkloadSpec } from '@berth/spec';
import { and, eq } from 'drizzle-orm';
import { nodeWorkloads } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, InputError } from '../errors.js';
import { findInstance } from './instance-records.js';

/** How long a one-off log read may wait for the agent. */
const readTimeoutMs = 30_000;

/**
 * Streams a node's logs from the instance's host: standard output of its containers, or
 * the files under its log path. The host's agent reads them; this replica relays.
 * @throws InputError (which node?); ConflictError (`host_unreachable`).
 */
export async function openLogs(
  deps: Pick<AppDeps, 'fleet'>,
  scope: TenantScope,
  name: string,
  query: {
    node?: string | undefined;
    source: 'stdout' | 'file';
    follow?: string | undefined;
    tail: number;
  },
): Promise<PassThrough> {
  const row = await findInstance(scope, name);
  const workload = await scope.first(
    nodeWorkloads,
    and(eq(nodeWorkloads.nodeId, row.nodeId), eq(nodeWorkloads.workloadId, row.id)),
  );
  const nodes = ((workload?.spec as InstanceWorkloadSpec | undefined)?.nodes ?? []).map(
    (n) => n.name,
  );
  const node = query.node ?? (nodes.length === 1 ? nodes[0] : undefined);
  if (!node || !nodes.includes(node)) {
    throw new InputError('Say which node of the instance to read', [
      {
        path: 'node',
        in: 'query',
        message: `must be one of: ${nodes.join(', ') || '(the instance has no running nodes)'}`,
      },
    ]);
  }
  const follow = query.follow === 'true' || query.follow === '1';
  const stream = deps.fleet.command(row.nodeId, {
    kind: 'logs',
    workload: row.id,
    node,
    source: query.source,
    follow,
    tail: query.tail,
  });
  if (!stream) {
    throw new ConflictError(
      "The instance's host is not connected to this server (offline, or connected to another replica): try again when it is online",
      'host_unreachable',
    );
  }
  if (!follow) {
    const timer = setTimeout(
      () => stream.end('\n[berth: the host did not answer in time]\n'),
      readTimeoutMs,
    );
    stream.on('close', () => clearTimeout(timer));
  }
  return stream;
}
