import type { RegistrySettings } from '@berth/spec';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { clusters } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { findOwnCluster } from './cluster-records.js';

type Stored = (typeof clusters.$inferSelect)['registries'];

function shown(stored: Stored) {
  return {
    mirrors: stored.mirrors,
    auths: Object.fromEntries(
      Object.entries(stored.auths).map(([host, a]) => [host, { username: a.username }]),
    ),
  };
}

export async function getRegistries(scope: TenantScope, name: string) {
  return shown((await findOwnCluster(scope, name)).registries);
}

/**
 * Sets the registry mirrors and credentials of a cluster's hosts (an air-gapped site
 * pulls docker.io images from its own mirror). Passwords are sealed; the cluster's
 * agents get them with their next desired state, which this change triggers.
 */
export async function setRegistries(
  deps: Pick<AppDeps, 'secrets' | 'fleet'>,
  scope: TenantScope,
  name: string,
  input: {
    mirrors: Record<string, string>;
    auths: Record<string, { username: string; password: string }>;
  },
) {
  const cluster = await findOwnCluster(scope, name);
  const stored = await scope.transaction(async (tx) => {
    for (const old of Object.values(cluster.registries.auths))
      await deps.secrets.remove(tx.db, tx.accountId, old.secretId);
    const auths: Stored['auths'] = {};
    for (const [host, auth] of Object.entries(input.auths)) {
      auths[host] = {
        username: auth.username,
        secretId: await deps.secrets.put(tx.db, tx.accountId, 'registry-password', auth.password),
      };
    }
    const next: Stored = { mirrors: input.mirrors, auths };
    await tx.update(clusters, { registries: next }, eq(clusters.id, cluster.id));
    await deps.fleet.desired.bump(tx.db, { clusterId: cluster.id });
    return next;
  });
  await deps.fleet.desired.announce({ clusterId: cluster.id });
  return shown(stored);
}

/** The registry settings an agent receives, with the passwords opened. */
export async function openRegistries(
  deps: Pick<AppDeps, 'secrets'>,
  db: Db,
  accountId: string,
  stored: Stored,
): Promise<RegistrySettings> {
  const auths: RegistrySettings['auths'] = {};
  for (const [host, auth] of Object.entries(stored.auths)) {
    auths[host] = {
      username: auth.username,
      password: await deps.secrets.get(db, accountId, auth.secretId),
    };
  }
  return { mirrors: stored.mirrors, auths };
}
