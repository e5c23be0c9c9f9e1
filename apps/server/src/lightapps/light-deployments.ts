import { randomUUID } from 'node:crypto';
import {
  type CreateLightDeploymentRequest,
  type FieldError,
  type LightDeployment,
  type LightDeploymentHost,
  type NodeFacts,
  processWorkloadKind,
  type WorkloadStatus,
} from '@berth/spec';
import { and, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { findCluster } from '../clusters/cluster-records.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import {
  clusters,
  lightAppDeployments,
  lightAppHosts,
  nodes,
  nodeWorkloads,
} from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { compileProcess, lightWorkloadId } from './compile-process.js';
import { findLightApp, findLightVersion, type LightAppRow } from './light-app-records.js';

type Deps = Pick<AppDeps, 'clock' | 'fleet'>;
type NodeRow = typeof nodes.$inferSelect;

/** Every host named, or 422 naming each one that is unknown, revoked or of another arch. */
function checkHosts(
  app: LightAppRow,
  names: string[],
  found: NodeRow[],
  cluster: string,
): NodeRow[] {
  const byName = new Map(found.map((n) => [n.name, n]));
  const errors: FieldError[] = [];
  names.forEach((name, i) => {
    const node = byName.get(name);
    const path = `hosts[${i}]`;
    if (!node || node.revokedAt) {
      errors.push({ path, in: 'body', message: `${name} is not a host of cluster ${cluster}` });
      return;
    }
    if (app.arch === null) return;
    const arch = (node.facts as NodeFacts | null)?.arch;
    if (arch !== app.arch)
      errors.push({
        path,
        in: 'body',
        message: arch
          ? `${name} is ${arch}, but ${app.name} is built for ${app.arch}`
          : `${name} has not joined yet, so its arch is unknown (${app.name} is built for ${app.arch})`,
      });
  });
  if (errors.length > 0)
    throw new InputError(`${errors.length} host(s) cannot run ${app.name}`, errors);
  return names.map((n) => byName.get(n) as NodeRow);
}

/**
 * Deploys a published light app version to hosts of a cluster: one `process` workload per
 * host, replacing the app's earlier version there (the earlier deployment shows those
 * hosts as `replaced`). Hosts that do not exist, or whose arch differs from a C app's,
 * are refused up front, each named. Agents are told after the commit; progress is read
 * from their reports.
 * @throws NotFoundError (app, version, cluster); ConflictError (`version_not_published`);
 *   InputError naming `hosts[i]`.
 */
export async function deployLightApp(
  deps: Deps,
  scope: TenantScope,
  appName: string,
  input: CreateLightDeploymentRequest,
): Promise<{ id: string }> {
  const app = await findLightApp(scope, appName);
  const version = await findLightVersion(scope, app, input.version);
  if (version.state !== 'published')
    throw new ConflictError(
      `Version ${version.version} is a draft: publish it before deploying it`,
      'version_not_published',
      [{ path: 'version', in: 'body', message: 'is not published' }],
    );
  const cluster = await findCluster(scope, input.cluster);
  const found = await scope.db
    .select()
    .from(nodes)
    .where(and(eq(nodes.clusterId, cluster.id), inArray(nodes.name, input.hosts)));
  const hosts = checkHosts(app, input.hosts, found, cluster.name);
  const workload = compileProcess(app, version);
  const workloadId = lightWorkloadId(app);
  const id = randomUUID();
  const nodeIds = hosts.map((h) => h.id);
  await scope.transaction(async (tx) => {
    // One deployment of an app at a time, so two cannot both claim a host.
    await tx.db
      .select({ id: clusters.id })
      .from(clusters)
      .where(eq(clusters.id, cluster.id))
      .for('update');
    const now = deps.clock.now();
    await tx.insert(lightAppDeployments, {
      id,
      lightAppId: app.id,
      versionId: version.id,
      clusterId: cluster.id,
      createdAt: now,
    });
    await tx.update(
      lightAppHosts,
      { replacedAt: now },
      and(
        eq(lightAppHosts.lightAppId, app.id),
        inArray(lightAppHosts.nodeId, nodeIds),
        isNull(lightAppHosts.replacedAt),
      ),
    );
    for (const host of hosts) {
      await tx.insert(lightAppHosts, {
        deploymentId: id,
        nodeId: host.id,
        lightAppId: app.id,
        revision: workload.revision,
      });
      // The workload row is keyed by host, not account: a shared cluster's host is the platform's.
      await tx.db
        .delete(nodeWorkloads)
        .where(and(eq(nodeWorkloads.nodeId, host.id), eq(nodeWorkloads.workloadId, workloadId)));
      await tx.insert(nodeWorkloads, {
        nodeId: host.id,
        workloadId,
        kind: processWorkloadKind,
        revision: workload.revision,
        spec: workload.spec,
      });
    }
    await deps.fleet.desired.bump(tx.db, { nodeIds });
  });
  await deps.fleet.desired.announce({ nodeIds });
  return { id };
}

/** Phases the API shows, from what the host's process driver reports. */
const reported = new Set(['downloading', 'starting', 'running', 'failed']);

/** One host's progress: queued until its agent reports this revision, then what it says. Pure. */
export function hostProgress(
  revision: string,
  replaced: boolean,
  status: WorkloadStatus | undefined,
): Omit<LightDeploymentHost, 'node'> {
  if (replaced)
    return {
      phase: 'replaced',
      message: 'a later deployment took this host over',
      limitsEnforced: null,
    };
  if (!status || status.revision !== revision)
    return { phase: 'queued', message: null, limitsEnforced: null };
  const phase = reported.has(status.phase)
    ? (status.phase as LightDeploymentHost['phase'])
    : 'starting';
  return { phase, message: status.message ?? null, limitsEnforced: status.limitsEnforced ?? null };
}

/** A deployment with each host's progress. @throws NotFoundError */
export async function getLightDeployment(
  scope: TenantScope,
  appName: string,
  id: string,
): Promise<LightDeployment> {
  const app = await findLightApp(scope, appName);
  const deployment = await scope.first(
    lightAppDeployments,
    and(eq(lightAppDeployments.id, id), eq(lightAppDeployments.lightAppId, app.id)),
  );
  if (!deployment) throw new NotFoundError(`Deployment ${id} of light app "${app.name}" not found`);
  return describeDeployment(scope, app, deployment);
}

/**
 * The app's deployments, newest first, each with its hosts' progress: the history of
 * where which version went.
 */
export async function listLightDeployments(
  scope: TenantScope,
  appName: string,
  query: { cursor?: string | undefined; limit: number },
): Promise<{ items: LightDeployment[]; nextCursor: string | null }> {
  const app = await findLightApp(scope, appName);
  // Keyset on (created, id): deployments made in one millisecond still page apart.
  const cursor = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const [at, afterId] = cursor ? [Number(cursor.split(' ')[0]), cursor.split(' ')[1] ?? ''] : [];
  // A cursor not made here gets the same refusal as any other bad cursor.
  if (cursor && (!Number.isFinite(at) || !afterId)) decodeCursor('', 'string');
  const created = lightAppDeployments.createdAt;
  const rows = await scope.db
    .select()
    .from(lightAppDeployments)
    .where(
      scope.where(
        lightAppDeployments,
        and(
          eq(lightAppDeployments.lightAppId, app.id),
          at === undefined
            ? undefined
            : or(
                lt(created, new Date(at)),
                and(eq(created, new Date(at)), lt(lightAppDeployments.id, afterId!)),
              ),
        ),
      ),
    )
    .orderBy(desc(created), desc(lightAppDeployments.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => `${r.createdAt.getTime()} ${r.id}`);
  const items: LightDeployment[] = [];
  for (const row of page.items) items.push(await describeDeployment(scope, app, row));
  return { items, nextCursor: page.nextCursor };
}

async function describeDeployment(
  scope: TenantScope,
  app: LightAppRow,
  deployment: typeof lightAppDeployments.$inferSelect,
): Promise<LightDeployment> {
  const id = deployment.id;
  const [version, cluster] = await Promise.all([
    scope.db.query.lightAppVersions.findFirst({ where: (v) => eq(v.id, deployment.versionId) }),
    scope.db.query.clusters.findFirst({ where: (c) => eq(c.id, deployment.clusterId) }),
  ]);
  const rows = await scope.db
    .select({ host: lightAppHosts, node: nodes })
    .from(lightAppHosts)
    .innerJoin(nodes, eq(nodes.id, lightAppHosts.nodeId))
    .where(scope.where(lightAppHosts, eq(lightAppHosts.deploymentId, id)))
    .orderBy(nodes.name);
  const workloadId = lightWorkloadId(app);
  return {
    id,
    app: app.name,
    version: version?.version ?? '',
    cluster: cluster?.name ?? '',
    createdAt: deployment.createdAt.toISOString(),
    hosts: rows.map(({ host, node }) => {
      const observed = node.observed as { workloads?: WorkloadStatus[] } | null;
      const status = observed?.workloads?.find((w) => w.id === workloadId);
      return { node: node.name, ...hostProgress(host.revision, host.replacedAt !== null, status) };
    }),
  };
}
