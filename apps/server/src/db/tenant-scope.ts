import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from './database.js';

/** A table whose rows belong to one account. */
export type TenantTable = PgTable & { accountId: PgColumn };

/** The account a request acts in, as resolved by authentication. */
export interface AccountScope {
  readonly accountId: string;
  readonly accountName: string;
}

/**
 * The one gate between use-cases and tenant-owned rows: every read, write and delete it
 * offers is confined to the scope's account, and every insert is stamped with it. Code
 * that handles a request's resources receives a `TenantScope`, not the raw handle, so it
 * cannot forget the filter; another account's row simply does not exist for it (404).
 */
export class TenantScope implements AccountScope {
  constructor(
    readonly db: Db,
    readonly accountId: string,
    readonly accountName: string,
  ) {}

  /** The same scope on another handle, e.g. inside a transaction. */
  on(db: Db): TenantScope {
    return new TenantScope(db, this.accountId, this.accountName);
  }

  /** Runs `fn` in a transaction with a scope bound to it. */
  transaction<T>(fn: (scope: TenantScope) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(this.on(tx)));
  }

  /** The filter that confines `table` to this account, and-ed with `where`. */
  where<T extends TenantTable>(table: T, where?: SQL): SQL {
    const own = eq(table.accountId, this.accountId);
    return where ? (and(own, where) as SQL) : own;
  }

  select<T extends TenantTable>(table: T, where?: SQL) {
    return this.db
      .select()
      .from(table as PgTable)
      .where(this.where(table, where)) as unknown as Promise<T['$inferSelect'][]>;
  }

  async first<T extends TenantTable>(
    table: T,
    where?: SQL,
  ): Promise<T['$inferSelect'] | undefined> {
    const rows = await this.db
      .select()
      .from(table as PgTable)
      .where(this.where(table, where))
      .limit(1);
    return rows[0] as T['$inferSelect'] | undefined;
  }

  /** Inserts rows owned by this account (any `accountId` given is overwritten). */
  insert<T extends TenantTable>(table: T, values: Omit<T['$inferInsert'], 'accountId'>) {
    return this.db
      .insert(table)
      .values({ ...values, accountId: this.accountId } as T['$inferInsert']);
  }

  update<T extends TenantTable>(table: T, set: PgUpdateSetSource<T>, where?: SQL) {
    return this.db.update(table).set(set).where(this.where(table, where));
  }

  delete<T extends TenantTable>(table: T, where?: SQL) {
    return this.db.delete(table).where(this.where(table, where));
  }
}
