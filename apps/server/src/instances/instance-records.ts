import { randomUUID } from 'node:crypto';
import {
  type Instance,
  type InstancePhase,
  validateAppSpec,
  type WorkloadStatus,
} from '@berth/spec';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { offlineAfterMs } from '../agents/fleet.js';
import { apps, appVersions, clusters, instanceEvents, instances, nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { concludePhase, type InstanceRow, type Observation } from './instance-status.js';

/** An instance with the names and observations the API shows. */
export interface InstanceView {
  row: InstanceRow;
  app: string;
  version: string;
  previousVersion: string | null;
  cluster: Pick<typeof clusters.$inferSelect, 'name' | 'agentSettings'>;
  node: Pick<
    typeof nodes.$inferSelect,
    'id' | 'name' | 'revokedAt' | 'appliedGeneration' | 'desiredGeneration' | 'lastSeenAt'
  >;
  /** What the host's agent last reported of this instance (none before its first report). */
  workload: WorkloadStatus | undefined;
}

export async function findInstance(scope: TenantScope, name: string): Promise<InstanceRow> {
  const row = await scope.first(instances, eq(instances.name, name));
  if (!row) throw new NotFoundError(`Instance "${name}" not found`);
  return row;
}

const previousVersions = alias(appVersions, 'previous_versions');

/**
 * One query for all a view needs. GET /instances/{name} is what clients poll while a
 * deployment runs, so it reads only this instance's entry of the node's observed
 * workloads (jsonb_path_query_first), not the whole report of every workload on the host.
 */
function selectView(scope: TenantScope, where: SQL) {
  return scope.db
    .select({
      row: instances,
      app: apps.name,
      version: appVersions.version,
      previousVersion: previousVersions.version,
      cluster: { name: clusters.name, agentSettings: clusters.agentSettings },
      node: {
        id: nodes.id,
        name: nodes.name,
        revokedAt: nodes.revokedAt,
        appliedGeneration: nodes.appliedGeneration,
        desiredGeneration: nodes.desiredGeneration,
        lastSeenAt: nodes.lastSeenAt,
      },
      workload: sql<WorkloadStatus | null>`jsonb_path_query_first(${nodes.observed}, '$.workloads[*] ? (@.id == $id)', jsonb_build_object('id', ${instances.id}::text))`,
    })
    .from(instances)
    .innerJoin(apps, eq(apps.id, instances.appId))
    .innerJoin(appVersions, eq(appVersions.id, instances.versionId))
    .leftJoin(previousVersions, eq(previousVersions.id, instances.previousVersionId))
    .innerJoin(clusters, eq(clusters.id, instances.clusterId))
    .innerJoin(nodes, eq(nodes.id, instances.nodeId))
    .where(scope.where(instances, where))
    .limit(1);
}

type Selected = Awaited<ReturnType<typeof selectView>>[number];

function toView(selected: Selected, row: InstanceRow = selected.row): InstanceView {
  return {
    row,
    app: selected.app,
    version: selected.version,
    previousVersion: selected.previousVersion,
    cluster: selected.cluster,
    node: selected.node,
    workload: selected.workload ?? undefined,
  };
}

/** The view of `row` (as the caller holds it, e.g. just updated in its transaction). */
export async function loadView(scope: TenantScope, row: InstanceRow): Promise<InstanceView> {
  const [selected] = await selectView(scope, eq(instances.id, row.id));
  if (!selected) throw new NotFoundError(`Instance "${row.name}" not found`);
  return toView(selected, row);
}

/** The view of the instance named `name`, in one query. @throws NotFoundError */
export async function loadViewByName(scope: TenantScope, name: string): Promise<InstanceView> {
  const [selected] = await selectView(scope, eq(instances.name, name));
  if (!selected) throw new NotFoundError(`Instance "${name}" not found`);
  return toView(selected);
}

/** What the host's agent reported for the instance, and whether the host is online. */
export function observe(deps: Pick<AppDeps, 'clock' | 'fleet'>, view: InstanceView): Observation {
  const now = deps.clock.now();
  const since = now.getTime() - offlineAfterMs(view.cluster.agentSettings, deps.fleet.options);
  return {
    status: view.workload,
    applied: view.node.appliedGeneration >= view.node.desiredGeneration,
    hostOnline:
      deps.fleet.sessions.isConnected(view.node.id) ||
      (view.node.lastSeenAt?.getTime() ?? 0) > since,
    now,
  };
}

export function toInstance(deps: Pick<AppDeps, 'clock' | 'fleet'>, view: InstanceView): Instance {
  const seen = observe(deps, view);
  const { phase, reason } = concludePhase(view.row, seen);
  const status = seen.status?.revision === view.row.revision ? seen.status : undefined;
  return {
    name: view.row.name,
    app: view.app,
    version: view.version,
    previousVersion: view.previousVersion,
    cluster: view.cluster.name,
    node: view.node.name,
    state: view.row.state,
    status: {
      phase,
      reason,
      nodes: (status?.nodes ?? []).map((n) => ({
        name: n.name,
        phase: n.phase,
        ready: n.ready,
        restarts: n.restarts,
        endpoints: n.endpoints,
        ...(n.message ? { message: n.message } : {}),
      })),
    },
    params: view.row.params,
    replicas: view.row.replicas,
    resources: view.row.resources,
    deployStartedAt: view.row.deployStartedAt.toISOString(),
    createdAt: view.row.createdAt.toISOString(),
    updatedAt: view.row.updatedAt.toISOString(),
  };
}

/** A published (or retired) version's validated spec. @throws NotFoundError, ConflictError */
export async function deployableVersion(scope: TenantScope, appName: string, version: string) {
  const app = await scope.first(apps, eq(apps.name, appName));
  if (!app) throw new NotFoundError(`App "${appName}" not found`);
  const row = await scope.first(
    appVersions,
    and(eq(appVersions.appId, app.id), eq(appVersions.version, version)),
  );
  if (!row) throw new NotFoundError(`Version ${version} of app "${appName}" not found`);
  if (row.state === 'draft') {
    throw new ConflictError(
      `Version ${version} of "${appName}" is a draft: publish it before deploying it`,
      'version_not_published',
    );
  }
  const checked = validateAppSpec(row.spec, { distribution: app.distribution });
  if (!checked.ok)
    throw new ConflictError(
      `Version ${version} no longer validates: ${checked.errors[0]?.message}`,
      'version_invalid',
    );
  return { app, version: row, spec: checked.spec };
}

export async function recordEvent(
  scope: TenantScope,
  instanceId: string,
  at: Date,
  reason: string,
  message: string,
  node: string | null = null,
): Promise<void> {
  await scope.insert(instanceEvents, {
    id: randomUUID(),
    instanceId,
    time: at,
    node,
    reason,
    message,
  });
}

export type { InstancePhase };
