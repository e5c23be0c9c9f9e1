import { type AppSpec, instanceWorkloadKind, planDeployment } from '@berth/spec';
import { and, eq } from 'drizzle-orm';
import { enforceContainerPolicy } from '../accounts/container-policy.js';
import { provisionDatabases } from '../databases/provision-databases.js';
import { nodeWorkloads } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { compileWorkload } from './compile-workload.js';
import { generateSecret } from './instance-params.js';

export interface WorkloadInput {
  instanceId: string;
  instance: string;
  app: string;
  version: string;
  spec: AppSpec;
  params: Record<string, string | number | boolean>;
  /** Secret ids by key; missing generated secrets are created and added. */
  secretIds: Record<string, string>;
  replicas: Record<string, number>;
  stopped: boolean;
  keepVolumes: boolean;
  deadlineSeconds: number;
}

/**
 * Resolves an instance's workload for its host: plans the spec, opens (or generates and
 * stores) its secrets, fills every value in. Returns the workload, its revision, the
 * plan's resource totals and the secret ids (with any new ones).
 * Managed nodes get their database and user on a registered server here (kept across
 * re-resolutions).
 *
 * Every deploy path comes through here — deploy, upgrade, manual and automatic rollback,
 * start, scale — so this is where the account's container policy is enforced (R15),
 * before anything is generated or written. A stopped workload is not checked: it runs
 * nothing, and an instance must stay stoppable after its account's policy was tightened.
 * @throws ConflictError when a managed node's engine has no registered server;
 *   ForbiddenError (`container_policy`) when the spec asks for what the policy refuses.
 */
export async function resolveWorkload(
  deps: Pick<AppDeps, 'secrets' | 'clock'>,
  scope: TenantScope,
  input: WorkloadInput,
) {
  if (!input.stopped) await enforceContainerPolicy(scope, input.spec);
  const plan = planDeployment(input.spec, { params: input.params });
  const secretIds = { ...input.secretIds };
  const secrets: Record<string, string> = {};
  for (const secret of plan.secrets) {
    const id = secretIds[secret.key];
    if (id) secrets[secret.key] = await deps.secrets.get(scope.db, scope.accountId, id);
    else {
      const value = generateSecret(secret);
      secrets[secret.key] = value;
      secretIds[secret.key] = await deps.secrets.put(
        scope.db,
        scope.accountId,
        'instance-secret',
        value,
      );
    }
  }
  const params: Record<string, string | number | boolean> = { ...input.params };
  for (const [key, id] of Object.entries(secretIds)) {
    if (key.startsWith('params.'))
      params[key.slice('params.'.length)] = await deps.secrets.get(scope.db, scope.accountId, id);
  }
  const { spec, revision } = compileWorkload(
    plan,
    {
      secrets,
      params,
      provisioned: await provisionDatabases(deps, scope, input.instanceId, plan, secrets),
    },
    {
      instance: input.instance,
      instanceId: input.instanceId,
      app: input.app,
      version: input.version,
      replicas: input.replicas,
      stopped: input.stopped,
      keepVolumes: input.keepVolumes,
      deadlineSeconds: input.deadlineSeconds,
    },
  );
  const totals = {
    cpuMillis: spec.nodes.reduce((sum, n) => sum + (n.resources.cpuMillis ?? 0) * n.replicas, 0),
    memoryMi: spec.nodes.reduce((sum, n) => sum + (n.resources.memoryMi ?? 0) * n.replicas, 0),
  };
  return { spec, revision, totals, secretIds };
}

/** Puts (or replaces) the instance's workload on its host, in the caller's transaction. */
export async function writeWorkload(
  scope: TenantScope,
  nodeId: string,
  instanceId: string,
  workload: { spec: unknown; revision: string },
): Promise<void> {
  await scope.delete(
    nodeWorkloads,
    and(eq(nodeWorkloads.nodeId, nodeId), eq(nodeWorkloads.workloadId, instanceId)),
  );
  await scope.insert(nodeWorkloads, {
    nodeId,
    workloadId: instanceId,
    kind: instanceWorkloadKind,
    revision: workload.revision,
    spec: workload.spec,
  });
}
