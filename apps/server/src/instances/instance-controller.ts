import { eq, ne, or } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { dropInstanceDatabases } from '../databases/provision-databases.js';
import type { Database } from '../db/database.js';
import { appVersions, instances } from '../db/schema.js';
import { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ForbiddenError } from '../errors.js';
import type { InstanceDeps } from './deploy-instance.js';
import { reapply } from './instance-actions.js';
import { loadView, observe, recordEvent } from './instance-records.js';
import { concludePhase, type InstanceRow } from './instance-status.js';

interface Logger {
  error(obj: object, msg: string): void;
}

/**
 * Watches instances and acts on what their hosts report: records phase changes as
 * events, fails deployments that miss their deadline (saying why), rolls a failed
 * upgrade back to the version before, and removes deleted instances once their host has
 * removed them. Level-based and idempotent: each pass looks at the current rows and
 * reports, so a crash or a second replica changes nothing — every transition is made
 * under a row lock that other replicas skip.
 */
export class InstanceController {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  log: Logger = { error() {} };

  constructor(
    private readonly deps: InstanceDeps & {
      database: Database;
      clock: Clock;
      secrets: AppDeps['secrets'];
    },
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every instance that is not settled as stopped. */
  tick(): Promise<void> {
    this.running = this.running
      .then(() => this.pass())
      .catch((error) => this.log.error({ err: error }, 'instance controller pass failed'));
    return this.running;
  }

  private async pass(): Promise<void> {
    const db = this.deps.database.db;
    // Settled stopped instances need no look; a stopping one is not settled yet.
    const rows = await db
      .select({ id: instances.id })
      .from(instances)
      .where(or(ne(instances.phase, 'stopped'), ne(instances.state, 'stopped')));
    for (const row of rows) await this.evaluate(row.id);
  }

  private async evaluate(id: string): Promise<void> {
    const announce = await this.deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(instances)
        .where(eq(instances.id, id))
        .for('update', { skipLocked: true });
      if (!row) return undefined;
      const scope = new TenantScope(tx, row.accountId, '');
      const view = await loadView(scope, row);
      const seen = observe(this.deps, view);
      if (row.state === 'deleting') {
        // Gone from the host's reports once applied — or the host itself is gone for good.
        const removed = (seen.status === undefined && seen.applied) || view.node.revokedAt !== null;
        return this.finishDelete(scope, row, removed);
      }
      const conclusion = concludePhase(row, seen);
      if (conclusion.phase === row.phase && conclusion.reason === row.phaseReason) return undefined;
      const now = this.deps.clock.now();
      if (conclusion.phase === 'failed' && row.previousVersionId && !row.rollingBackFrom) {
        return this.rollBack(scope, row, conclusion.reason);
      }
      await scope.update(
        instances,
        { phase: conclusion.phase, phaseReason: conclusion.reason, updatedAt: now },
        eq(instances.id, row.id),
      );
      if (conclusion.phase !== row.phase) {
        const reason = {
          running: 'Running',
          degraded: 'Degraded',
          failed: 'Failed',
          stopped: 'Stopped',
        }[conclusion.phase as string];
        if (reason)
          await recordEvent(
            scope,
            row.id,
            now,
            reason,
            conclusion.reason ?? `Instance is ${conclusion.phase}`,
          );
      }
      return undefined;
    });
    if (announce) await this.deps.fleet.desired.announce({ nodeIds: [announce] });
  }

  private async rollBack(
    scope: TenantScope,
    row: InstanceRow,
    reason: string | null,
  ): Promise<string | undefined> {
    const why = reason ?? 'unhealthy';
    const [failed, back] = await Promise.all([
      scope.first(appVersions, eq(appVersions.id, row.versionId)),
      scope.first(appVersions, eq(appVersions.id, row.previousVersionId!)),
    ]);
    const now = this.deps.clock.now();
    await recordEvent(scope, row.id, now, 'UpgradeFailed', `${failed?.version}: ${why}`);
    try {
      await this.reapplyPrevious(scope, row, failed?.version, back?.version, why);
    } catch (error) {
      if (!(error instanceof ForbiddenError && error.code === 'container_policy')) throw error;
      // The account's policy was tightened since the earlier version ran (R15): it may not
      // run again. Stay on the failed version, say why, and mark the attempt made
      // (rollingBackFrom) so that later passes do not try again; nothing else was written.
      const refused = error.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      await recordEvent(
        scope,
        row.id,
        now,
        'RollbackRefused',
        `Not rolled back to ${back?.version}: ${error.message}. ${refused}`,
      );
      await scope.update(
        instances,
        {
          phase: 'failed',
          phaseReason: reason,
          rollingBackFrom: failed?.version ?? row.versionId,
          updatedAt: now,
        },
        eq(instances.id, row.id),
      );
      return undefined;
    }
    return row.nodeId;
  }

  private async reapplyPrevious(
    scope: TenantScope,
    row: InstanceRow,
    failed: string | undefined,
    back: string | undefined,
    why: string,
  ): Promise<void> {
    await reapply(
      this.deps,
      scope,
      row,
      {
        versionId: row.previousVersionId!,
        previousVersionId: row.versionId,
        rollingBackFrom: failed ?? row.versionId,
      },
      {
        reason: 'RolledBack',
        message: `Rolled back to ${back} because ${failed} failed: ${why}`,
      },
    );
  }

  private async finishDelete(
    scope: TenantScope,
    row: InstanceRow,
    removedFromHost: boolean,
  ): Promise<undefined> {
    if (!removedFromHost) return undefined;
    // Fails (and is retried next pass) while a database server does not answer.
    await dropInstanceDatabases(this.deps, scope, row.id, row.keepData);
    for (const [, secretId] of Object.entries(row.secretIds))
      await this.deps.secrets.remove(scope.db, row.accountId, secretId);
    await scope.db.delete(instances).where(eq(instances.id, row.id));
    return undefined;
  }
}
