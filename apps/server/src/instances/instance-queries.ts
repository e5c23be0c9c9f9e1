import type { InstanceEvent } from '@berth/spec';
import { asc, desc, eq, gt } from 'drizzle-orm';
import { decodeCursor, toPage } from '../db/cursor.js';
import { instanceEvents, instances, nodeEvents } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { InstanceDeps } from './deploy-instance.js';
import { findInstance, loadView, toInstance } from './instance-records.js';

export async function listInstances(
  deps: InstanceDeps,
  scope: TenantScope,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await scope.db
    .select()
    .from(instances)
    .where(scope.where(instances, after ? gt(instances.name, after) : undefined))
    .orderBy(asc(instances.name))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.name);
  const items = [];
  for (const row of page.items) items.push(toInstance(deps, await loadView(scope, row)));
  return { items, nextCursor: page.nextCursor };
}

/**
 * What happened to an instance, newest last: what the control plane did (created,
 * upgrading, rolled back, failed…) and what its host's agent reported (pulling, started,
 * healthy, restarted…).
 */
export async function listEvents(
  scope: TenantScope,
  name: string,
  limit: number,
): Promise<InstanceEvent[]> {
  const row = await findInstance(scope, name);
  const [mine, agents] = await Promise.all([
    scope.db
      .select()
      .from(instanceEvents)
      .where(scope.where(instanceEvents, eq(instanceEvents.instanceId, row.id)))
      .orderBy(desc(instanceEvents.time))
      .limit(limit),
    scope.db
      .select()
      .from(nodeEvents)
      .where(scope.where(nodeEvents, eq(nodeEvents.workload, row.id)))
      .orderBy(desc(nodeEvents.time))
      .limit(limit),
  ]);
  const events: InstanceEvent[] = [
    ...mine.map((e) => ({
      time: e.time.toISOString(),
      node: e.node,
      reason: e.reason,
      message: e.message,
      source: 'control-plane' as const,
    })),
    ...agents.map((e) => ({
      time: e.time.toISOString(),
      node: e.node,
      reason: e.reason,
      message: e.message,
      source: 'agent' as const,
    })),
  ];
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).slice(-limit);
}
