import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { secrets } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { open, rewrap, seal } from './envelope.js';
import type { Keyring } from './keyring.js';

/** Who owns a secret: an account, or the platform itself (`null`). */
export type SecretOwner = string | null;

/**
 * Secrets at rest in the `secrets` table. Other tables refer to a secret by id and never
 * hold the value; the value is sealed with the row id as context, so ciphertexts cannot
 * be moved between rows.
 */
export interface SecretStore {
  /** Seals and stores a value; returns its id. */
  put(db: Db, owner: SecretOwner, kind: string, value: string): Promise<string>;
  /** Replaces the value of an existing secret. */
  replace(db: Db, owner: SecretOwner, id: string, value: string): Promise<void>;
  /** Opens a secret. @throws NotFoundError when it is missing or owned by another account. */
  get(db: Db, owner: SecretOwner, id: string): Promise<string>;
  remove(db: Db, owner: SecretOwner, id: string): Promise<void>;
  /** Re-wraps every secret not sealed under the primary key; returns how many. */
  rotate(db: Db): Promise<number>;
  /** Ids of master keys that stored secrets need but this keyring lacks. */
  missingKeyIds(db: Db): Promise<string[]>;
}

const contextOf = (id: string) => `secrets/${id}`;

function ownedBy(owner: SecretOwner) {
  return owner === null ? isNull(secrets.accountId) : eq(secrets.accountId, owner);
}

export function createSecretStore(keyring: Keyring): SecretStore {
  return {
    async put(db, owner, kind, value) {
      const id = randomUUID();
      const sealed = seal(keyring, value, contextOf(id));
      await db
        .insert(secrets)
        .values({ id, accountId: owner, kind, keyId: sealed.keyId, ciphertext: sealed.text });
      return id;
    },
    async replace(db, owner, id, value) {
      const sealed = seal(keyring, value, contextOf(id));
      const rows = await db
        .update(secrets)
        .set({ keyId: sealed.keyId, ciphertext: sealed.text, updatedAt: sql`now()` })
        .where(and(eq(secrets.id, id), ownedBy(owner)))
        .returning({ id: secrets.id });
      if (rows.length === 0) throw new NotFoundError(`secret ${id} not found`);
    },
    async get(db, owner, id) {
      const [row] = await db
        .select({ ciphertext: secrets.ciphertext })
        .from(secrets)
        .where(and(eq(secrets.id, id), ownedBy(owner)));
      if (!row) throw new NotFoundError(`secret ${id} not found`);
      return open(keyring, row.ciphertext, contextOf(id));
    },
    async remove(db, owner, id) {
      await db.delete(secrets).where(and(eq(secrets.id, id), ownedBy(owner)));
    },
    async rotate(db) {
      const stale = await db
        .select({ id: secrets.id, ciphertext: secrets.ciphertext })
        .from(secrets)
        .where(ne(secrets.keyId, keyring.primary.id));
      for (const row of stale) {
        const sealed = rewrap(keyring, row.ciphertext, contextOf(row.id));
        await db
          .update(secrets)
          .set({ keyId: sealed.keyId, ciphertext: sealed.text, updatedAt: sql`now()` })
          .where(and(eq(secrets.id, row.id), eq(secrets.ciphertext, row.ciphertext)));
      }
      return stale.length;
    },
    async missingKeyIds(db) {
      const rows = await db.selectDistinct({ keyId: secrets.keyId }).from(secrets);
      return rows.map((r) => r.keyId).filter((id) => !keyring.get(id));
    },
  };
}
