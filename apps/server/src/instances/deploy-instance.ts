import { randomUUID } from 'node:crypto';
import type { DeployRequest, Instance } from '@berth/spec';
import { eq } from 'drizzle-orm';
import { findCluster } from '../clusters/cluster-records.js';
import { isUniqueViolation } from '../db/errors.js';
import { instances } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { hostPortsOf } from './host-ports.js';
import { checkParams } from './instance-params.js';
import {
  deployableVersion,
  loadView,
  loadViewByName,
  recordEvent,
  toInstance,
} from './instance-records.js';
import type { InstanceRow } from './instance-status.js';
import { resolveWorkload, writeWorkload } from './instance-workload.js';
import { pickHost } from './pick-host.js';

export type InstanceDeps = Pick<AppDeps, 'clock' | 'fleet' | 'secrets'>;

export const defaultDeadlineSeconds = 300;

/**
 * Deploys a published version to a host of a cluster: checks the parameters, picks the
 * host (or checks the one asked for), generates and seals the secrets, resolves the
 * workload and puts it in the host's desired state, all in one transaction; the agent is
 * told after commit. Answers at once: the deployment goes on in the background and the
 * instance's status follows it.
 * @throws NotFoundError, ConflictError (`instance_exists`, `version_not_published`,
 *   `cluster_offline`, `node_offline`, `insufficient_resources`), InputError (parameters).
 */
export async function deployInstance(
  deps: InstanceDeps,
  scope: TenantScope,
  input: DeployRequest,
): Promise<Instance> {
  const { app, version, spec } = await deployableVersion(scope, input.app, input.version);
  const cluster = await findCluster(scope, input.cluster);
  const params = checkParams(spec, input.params ?? {});
  const instanceId = randomUUID();
  const now = deps.clock.now();
  const deadlineSeconds = input.deadlineSeconds ?? defaultDeadlineSeconds;
  const row = await scope.transaction(async (tx) => {
    if (await tx.first(instances, eq(instances.name, input.name))) {
      throw new ConflictError(
        `An instance named "${input.name}" already exists`,
        'instance_exists',
      );
    }
    const secretIds: Record<string, string> = {};
    for (const [name, value] of Object.entries(params.secret)) {
      secretIds[`params.${name}`] = await deps.secrets.put(
        tx.db,
        tx.accountId,
        'instance-param',
        value,
      );
    }
    const workload = await resolveWorkload(deps, tx, {
      instanceId,
      instance: input.name,
      app: app.name,
      version: version.version,
      spec,
      params: params.plain,
      secretIds,
      replicas: input.replicas ?? {},
      stopped: false,
      keepVolumes: false,
      deadlineSeconds,
    });
    const host = await pickHost(deps, tx, cluster, workload.totals, {
      node: input.node,
      hostPorts: hostPortsOf(workload.spec),
    });
    try {
      const [inserted] = await tx
        .insert(instances, {
          id: instanceId,
          name: input.name,
          appId: app.id,
          versionId: version.id,
          clusterId: cluster.id,
          nodeId: host.id,
          params: params.plain,
          secretIds: workload.secretIds,
          replicas: input.replicas ?? {},
          resources: workload.totals,
          state: 'running',
          phase: 'pending',
          revision: workload.revision,
          deployStartedAt: now,
          deadlineSeconds,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeWorkload(tx, host.id, instanceId, workload);
      await deps.fleet.desired.bump(tx.db, { nodeIds: [host.id] });
      await recordEvent(
        tx,
        instanceId,
        now,
        'Created',
        `Deploying ${app.name} ${version.version} to ${host.name}`,
      );
      return inserted as InstanceRow;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(
          `An instance named "${input.name}" already exists`,
          'instance_exists',
        );
      throw error;
    }
  });
  await deps.fleet.desired.announce({ nodeIds: [row.nodeId] });
  return toInstance(deps, await loadView(scope, row));
}

export async function getInstance(
  deps: InstanceDeps,
  scope: TenantScope,
  name: string,
): Promise<Instance> {
  return toInstance(deps, await loadViewByName(scope, name));
}
