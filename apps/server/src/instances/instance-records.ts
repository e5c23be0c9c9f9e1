import { randomUUID } from 'node:crypto';
import {
  type Instance,
  type InstancePhase,
  validateAppSpec,
  type WorkloadStatus,
} from '@berth/spec';
import { and, eq } from 'drizzle-orm';
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
  cluster: typeof clusters.$inferSelect;
  node: typeof nodes.$inferSelect;
}

export async function findInstance(scope: TenantScope, name: string): Promise<InstanceRow> {
  const row = await scope.first(instances, eq(instances.name, name));
  if (!row) throw new NotFoundError(`Instance "${name}" not found`);
  return row;
}

export async function loadView(scope: TenantScope, row: InstanceRow): Promise<InstanceView> {
  const [joined] = await scope.db
    .select({ app: apps.name, version: appVersions.version, cluster: clusters, node: nodes })
    .from(instances)
    .innerJoin(apps, eq(apps.id, instances.appId))
    .innerJoin(appVersions, eq(appVersions.id, instances.versionId))
    .innerJoin(clusters, eq(clusters.id, instances.clusterId))
    .innerJoin(nodes, eq(nodes.id, instances.nodeId))
    .where(eq(instances.id, row.id));
  if (!joined) throw new NotFoundError(`Instance "${row.name}" not found`);
  const previous = row.previousVersionId
    ? ((await scope.first(appVersions, eq(appVersions.id, row.previousVersionId)))?.version ?? null)
    : null;
  return {
    row,
    app: joined.app,
    version: joined.version,
    previousVersion: previous,
    cluster: joined.cluster,
    node: joined.node,
  };
}

/** What the host's agent reported for the instance, and whether the host is online. */
export function observe(deps: Pick<AppDeps, 'clock' | 'fleet'>, view: InstanceView): Observation {
  const observed = view.node.observed as { workloads?: WorkloadStatus[] } | null;
  const now = deps.clock.now();
  const since = now.getTime() - offlineAfterMs(view.cluster.agentSettings, deps.fleet.options);
  return {
    status: observed?.workloads?.find((w) => w.id === view.row.id),
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
