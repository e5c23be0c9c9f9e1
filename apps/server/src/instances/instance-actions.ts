import type { Instance } from '@berth/spec';
import { and, eq } from 'drizzle-orm';
import { appVersions, instances, nodeWorkloads } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { defaultDeadlineSeconds, type InstanceDeps } from './deploy-instance.js';
import { clashes, hostPortsOf, usedHostPorts } from './host-ports.js';
import { checkParams } from './instance-params.js';
import {
  deployableVersion,
  findInstance,
  loadView,
  recordEvent,
  toInstance,
} from './instance-records.js';
import type { InstanceRow } from './instance-status.js';
import { resolveWorkload, writeWorkload } from './instance-workload.js';

interface Change {
  versionId?: string;
  previousVersionId?: string | null;
  replicas?: Record<string, number>;
  state?: 'running' | 'stopped';
  rollingBackFrom?: string | null;
}

/**
 * Re-resolves an instance's workload after a change (version, replicas, running or
 * stopped) and hands it to its host; the deadline starts again. Runs in the caller's
 * transaction; returns the updated row. Only the nodes whose resolved spec changed get
 * a new hash, so the agent recreates exactly those.
 */
export async function reapply(
  deps: InstanceDeps,
  scope: TenantScope,
  row: InstanceRow,
  change: Change,
  event: { reason: string; message: string },
): Promise<InstanceRow> {
  const versionId = change.versionId ?? row.versionId;
  const versionRow = await scope.first(appVersions, eq(appVersions.id, versionId));
  if (!versionRow) throw new NotFoundError('The version of this instance no longer exists');
  const appRow = await scope.db.query.apps.findFirst({
    where: (a, { eq: is }) => is(a.id, row.appId),
  });
  const { spec } = await deployableVersion(scope, appRow!.name, versionRow.version);
  const secretParams = Object.fromEntries(
    Object.keys(row.secretIds)
      .filter((k) => k.startsWith('params.'))
      .map((k) => [k.slice(7), '']),
  );
  const params = checkParams(spec, {}, { plain: row.params, secret: secretParams });
  const replicas = change.replicas ?? row.replicas;
  const state = change.state ?? (row.state === 'deleting' ? 'running' : row.state);
  const workload = await resolveWorkload(deps, scope, {
    instanceId: row.id,
    instance: row.name,
    app: appRow!.name,
    version: versionRow.version,
    spec,
    params: params.plain,
    secretIds: row.secretIds,
    replicas,
    stopped: state === 'stopped',
    keepVolumes: row.keepData,
    deadlineSeconds: row.deadlineSeconds || defaultDeadlineSeconds,
  });
  const taken = clashes(
    hostPortsOf(workload.spec),
    (await usedHostPorts(scope.db, [row.nodeId], row.id)).get(row.nodeId),
  );
  if (taken.length > 0)
    throw new ConflictError(
      `Host port ${taken.join(', ')} is already in use on this instance's host by another instance: free it, or give the app's port another hostPort`,
      'host_port_in_use',
    );
  const now = deps.clock.now();
  const [updated] = await scope
    .update(
      instances,
      {
        versionId,
        ...(change.previousVersionId !== undefined
          ? { previousVersionId: change.previousVersionId }
          : {}),
        ...(change.rollingBackFrom !== undefined
          ? { rollingBackFrom: change.rollingBackFrom }
          : {}),
        replicas,
        state,
        params: params.plain,
        secretIds: workload.secretIds,
        resources: workload.totals,
        revision: workload.revision,
        phase: 'pending',
        phaseReason: null,
        deployStartedAt: now,
        updatedAt: now,
      },
      eq(instances.id, row.id),
    )
    .returning();
  await writeWorkload(scope, row.nodeId, row.id, workload);
  await deps.fleet.desired.bump(scope.db, { nodeIds: [row.nodeId] });
  await recordEvent(scope, row.id, now, event.reason, event.message);
  return updated as InstanceRow;
}

async function act(
  deps: InstanceDeps,
  scope: TenantScope,
  name: string,
  change: (
    row: InstanceRow,
    tx: TenantScope,
  ) => Promise<{ change: Change; reason: string; message: string }>,
): Promise<Instance> {
  // The callback must use `tx`: PGlite has one connection, and the transaction holds it.
  const row = await scope.transaction(async (tx) => {
    const current = await findInstance(tx, name);
    if (current.state === 'deleting')
      throw new ConflictError(`Instance "${name}" is being deleted`, 'instance_deleting');
    const { change: c, reason, message } = await change(current, tx);
    return reapply(deps, tx, current, c, { reason, message });
  });
  await deps.fleet.desired.announce({ nodeIds: [row.nodeId] });
  return toInstance(deps, await loadView(scope, row));
}

/** Moves an instance to another published version of its app. */
export function upgradeInstance(
  deps: InstanceDeps,
  scope: TenantScope,
  name: string,
  version: string,
) {
  return act(deps, scope, name, async (row, tx) => {
    const app = await tx.db.query.apps.findFirst({
      where: (a, { eq: is }) => is(a.id, row.appId),
    });
    const target = await deployableVersion(tx, app!.name, version);
    if (target.version.id === row.versionId)
      throw new ConflictError(`Instance "${name}" already runs ${version}`, 'same_version');
    const from = await tx.first(appVersions, eq(appVersions.id, row.versionId));
    return {
      change: {
        versionId: target.version.id,
        previousVersionId: row.versionId,
        rollingBackFrom: null,
      },
      reason: 'Upgrading',
      message: `Upgrading from ${from?.version} to ${version}`,
    };
  });
}

/** Goes back to the version the instance ran before. */
export function rollbackInstance(deps: InstanceDeps, scope: TenantScope, name: string) {
  return act(deps, scope, name, async (row, tx) => {
    if (!row.previousVersionId)
      throw new ConflictError(
        `Instance "${name}" has no earlier version to go back to`,
        'no_previous_version',
      );
    // After an automatic rollback the "version before" is the one that failed: going
    // there again would only fail again.
    if (row.rollingBackFrom)
      throw new ConflictError(
        `Instance "${name}" was rolled back from ${row.rollingBackFrom}, which failed; upgrade it to the version you want instead`,
        'rolled_back',
      );
    const from = await tx.first(appVersions, eq(appVersions.id, row.versionId));
    const to = await tx.first(appVersions, eq(appVersions.id, row.previousVersionId));
    return {
      change: {
        versionId: row.previousVersionId,
        previousVersionId: row.versionId,
        rollingBackFrom: null,
      },
      reason: 'RollingBack',
      message: `Rolling back from ${from?.version} to ${to?.version}, as asked`,
    };
  });
}

/** Sets the replicas of one node of the instance. */
export function scaleInstance(
  deps: InstanceDeps,
  scope: TenantScope,
  name: string,
  node: string,
  replicas: number,
) {
  return act(deps, scope, name, async (row, tx) => {
    const version = await tx.first(appVersions, eq(appVersions.id, row.versionId));
    const nodes =
      (version?.spec as { nodes?: { name: string; kind: string }[] } | undefined)?.nodes ?? [];
    const target = nodes.find((n) => n.name === node);
    if (!target || target.kind === 'managed' || target.kind === 'init') {
      throw new InputError(`"${node}" is not a node that runs replicas`, [
        {
          path: 'node',
          in: 'body',
          message: `must be one of: ${nodes
            .filter((n) => n.kind === 'custom' || n.kind === 'middleware')
            .map((n) => n.name)
            .join(', ')}`,
        },
      ]);
    }
    return {
      change: { replicas: { ...row.replicas, [node]: replicas } },
      reason: 'Scaling',
      message: `Scaling ${node} to ${replicas}`,
    };
  });
}

export function stopInstance(deps: InstanceDeps, scope: TenantScope, name: string) {
  return act(deps, scope, name, async () => ({
    change: { state: 'stopped' },
    reason: 'Stopping',
    message: 'Stopping every node',
  }));
}

export function startInstance(deps: InstanceDeps, scope: TenantScope, name: string) {
  return act(deps, scope, name, async () => ({
    change: { state: 'running' },
    reason: 'Starting',
    message: 'Starting every node',
  }));
}

/**
 * Deletes an instance: its workload leaves the host's desired state (the agent removes
 * its containers, network and — unless kept — volumes); the row goes once the host has
 * applied that (see the controller).
 */
export async function deleteInstance(
  deps: InstanceDeps,
  scope: TenantScope,
  name: string,
  keepData: boolean,
): Promise<Instance> {
  const row = await scope.transaction(async (tx) => {
    const current = await findInstance(tx, name);
    const now = deps.clock.now();
    const [updated] = await tx
      .update(
        instances,
        { state: 'deleting', phase: 'deleting', keepData, updatedAt: now, deployStartedAt: now },
        eq(instances.id, current.id),
      )
      .returning();
    await tx.delete(
      nodeWorkloads,
      and(eq(nodeWorkloads.nodeId, current.nodeId), eq(nodeWorkloads.workloadId, current.id)),
    );
    await deps.fleet.desired.bump(tx.db, { nodeIds: [current.nodeId] });
    await recordEvent(
      tx,
      current.id,
      now,
      'Deleting',
      keepData
        ? 'Removing the containers, keeping the data'
        : 'Removing the containers and the data',
    );
    return updated as InstanceRow;
  });
  await deps.fleet.desired.announce({ nodeIds: [row.nodeId] });
  return toInstance(deps, await loadView(scope, row));
}
