import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { createKeyring, keyId } from './keyring.js';
import { createSecretStore } from './secret-store.js';

const newKey = () => {
  const key = randomBytes(32);
  return { id: keyId(key), key };
};

describe('secrets at rest (R13)', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(templates());
  });
  afterAll(() => tdb.dispose());
  beforeEach(async () => {
    await tdb.database.db.execute(sql`delete from secrets`);
  });

  it('keeps only ciphertext with its key id; a raw SELECT shows no value', async () => {
    const db = tdb.database.db;
    const k = newKey();
    const store = createSecretStore(createKeyring(k));
    const id = await store.put(db, null, 'db-password', 'canary-plaintext-7731');
    const rows = (await db.execute(sql`select * from secrets`)) as unknown as
      | { rows?: unknown[] }
      | unknown[];
    const text = JSON.stringify(rows);
    expect(text).not.toContain('canary-plaintext-7731');
    expect(text).toContain(`berth:v1:${k.id}:`);
    expect(await store.get(db, null, id)).toBe('canary-plaintext-7731');
  });

  it('keeps old rows readable after a rotation and re-seals them on request', async () => {
    const db = tdb.database.db;
    const oldKey = newKey();
    const primary = newKey();
    const id = await createSecretStore(createKeyring(oldKey)).put(
      db,
      null,
      'kind',
      'before rotation',
    );
    const during = createSecretStore(createKeyring(primary, [oldKey]));
    expect(await during.get(db, null, id)).toBe('before rotation');
    expect(await during.rotate(db)).toBeGreaterThanOrEqual(1);
    expect(await during.missingKeyIds(db)).toEqual([]);
    const after = createSecretStore(createKeyring(primary));
    expect(await after.missingKeyIds(db)).toEqual([]);
    expect(await after.get(db, null, id)).toBe('before rotation');
  });

  it('names the key ids it lacks, so start-up can refuse clearly', async () => {
    const db = tdb.database.db;
    const lost = newKey();
    await createSecretStore(createKeyring(lost)).put(db, null, 'kind', 'orphan');
    const store = createSecretStore(createKeyring(newKey()));
    expect(await store.missingKeyIds(db)).toContain(lost.id);
  });

  it('confines a secret to its owner: another account reads 404', async () => {
    const db = tdb.database.db;
    await db.execute(
      sql`insert into accounts (id, name, type) values ('acc-1', 'one', 'isv'), ('acc-2', 'two', 'isv')`,
    );
    const store = createSecretStore(createKeyring(newKey()));
    const id = await store.put(db, 'acc-1', 'kind', 'mine');
    await expect(store.get(db, 'acc-2', id)).rejects.toThrow(/not found/);
    await expect(store.get(db, null, id)).rejects.toThrow(/not found/);
    expect(await store.get(db, 'acc-1', id)).toBe('mine');
  });
});
