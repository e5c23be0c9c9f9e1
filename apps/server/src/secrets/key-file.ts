import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyring, type Keyring, parseMasterKey } from './keyring.js';

export interface KeySource {
  masterKey?: string | undefined;
  previousMasterKeys?: string | undefined;
  dataDir: string;
  /** Whether the database is the embedded one (only then may a key file be generated). */
  embedded: boolean;
}

/**
 * The keyring for secrets at rest: `BERTH_MASTER_KEY` when set; otherwise, for the
 * embedded database only, the key file in the data folder, generated (0600) on the
 * first start. With an external Postgres a key must be configured, so that every
 * replica shares it and a lost data folder does not lose the key.
 * @throws Error explaining how to provide a key.
 */
export function loadKeyring(source: KeySource): { keyring: Keyring; keyFileCreated?: string } {
  const previous = (source.previousMasterKeys ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text, i) => parseMasterKey(text, `BERTH_PREVIOUS_MASTER_KEYS entry ${i + 1}`));
  if (source.masterKey) {
    return {
      keyring: createKeyring(parseMasterKey(source.masterKey, 'BERTH_MASTER_KEY'), previous),
    };
  }
  if (!source.embedded) {
    throw new Error(
      'BERTH_MASTER_KEY is required with DATABASE_URL, so that every replica seals secrets with the same key ' +
        '(make one with: openssl rand -base64 32)',
    );
  }
  const path = join(source.dataDir, 'master.key');
  let created: string | undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = randomBytes(32).toString('base64');
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    created = path;
  }
  const keyring = createKeyring(parseMasterKey(text, path), previous);
  return created ? { keyring, keyFileCreated: created } : { keyring };
}
