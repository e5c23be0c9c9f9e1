import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { generateToken } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { defaultAgentSettings } from '../clusters/cluster-records.js';
import { newSuperAccount } from '../console/console-records.js';
import type { Database } from '../db/database.js';
import { accounts, clusters, consoleUsers, nodes } from '../db/schema.js';
import { platformAccountName } from './first-start.js';

export const localClusterName = 'local';
export const localNodeName = 'local';

/**
 * The embedded default's cluster: `local`, owned by the platform and shared with every
 * account, with one node, `local` — the host `npm start` runs on, whose agent runs in the
 * control plane's process. Returns a fresh join token while that node has not joined
 * yet (the embedded agent joins with it); nothing once it has.
 */
export async function ensureLocalCluster(
  deps: { database: Database; clock: Clock },
  joinTokenTtlMs: number,
): Promise<{ joinToken?: string }> {
  return deps.database.exclusive(7_700_003, () =>
    deps.database.db.transaction(async (tx) => {
      const [platform] = await tx
        .select()
        .from(accounts)
        .where(eq(accounts.name, platformAccountName));
      if (!platform)
        throw new Error('the platform account is missing: the first start did not finish');
      const now = deps.clock.now();
      let [cluster] = await tx
        .select()
        .from(clusters)
        .where(and(eq(clusters.accountId, platform.id), eq(clusters.name, localClusterName)));
      if (!cluster) {
        [cluster] = await tx
          .insert(clusters)
          .values({
            id: randomUUID(),
            accountId: platform.id,
            name: localClusterName,
            displayName: 'This machine',
            type: 'edge',
            runtime: 'engine',
            shared: true,
            agentSettings: defaultAgentSettings,
            createdAt: now,
          })
          .returning();
        // Its console's super account, as every edge cluster gets at creation.
        await tx.insert(consoleUsers).values(await newSuperAccount(platform.id, cluster!.id, now));
      }
      const [node] = await tx
        .select()
        .from(nodes)
        .where(and(eq(nodes.clusterId, cluster!.id), eq(nodes.name, localNodeName)));
      if (node?.joinedAt || node?.revokedAt) return {};
      const token = generateToken('join');
      const expiresAt = new Date(now.getTime() + joinTokenTtlMs);
      if (node) {
        await tx
          .update(nodes)
          .set({ joinTokenHash: token.hash, joinTokenExpiresAt: expiresAt, joinTokenUsedAt: null })
          .where(eq(nodes.id, node.id));
      } else {
        await tx.insert(nodes).values({
          id: randomUUID(),
          accountId: platform.id,
          clusterId: cluster!.id,
          name: localNodeName,
          joinTokenHash: token.hash,
          joinTokenExpiresAt: expiresAt,
          createdAt: now,
        });
      }
      return { joinToken: token.token };
    }),
  );
}
