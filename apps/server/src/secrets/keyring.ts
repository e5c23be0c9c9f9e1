import { createHash } from 'node:crypto';

/** A master key (key-encryption key) and the id stored beside everything it wraps. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * The master keys this process knows: the primary one seals new secrets; the previous
 * ones only open secrets sealed before a rotation.
 */
export interface Keyring {
  readonly primary: MasterKey;
  get(id: string): MasterKey | undefined;
  readonly ids: readonly string[];
}

/**
 * The id of a key is derived from the key itself, so it needs no naming and the same key
 * always gets the same id on every replica. It reveals nothing useful about the key.
 */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('berth-master-key-id:').update(key).digest('hex').slice(0, 16);
}

/**
 * Parses a master key as written in `BERTH_MASTER_KEY` or the key file: 32 bytes as
 * base64 (44 characters) or hex (64 characters).
 * @throws Error with a message that says how to make a valid key; never the value itself.
 */
export function parseMasterKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  if (key?.length !== 32) {
    throw new Error(
      `${source} is not a valid master key: it must be 32 random bytes as base64 or hex ` +
        '(make one with: openssl rand -base64 32)',
    );
  }
  return { id: keyId(key), key };
}

export function createKeyring(primary: MasterKey, previous: readonly MasterKey[] = []): Keyring {
  const byId = new Map<string, MasterKey>();
  for (const k of [...previous, primary]) byId.set(k.id, k);
  return {
    primary,
    get: (id) => byId.get(id),
    ids: [...byId.keys()],
  };
}
