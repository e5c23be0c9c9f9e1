import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring, MasterKey } from './keyring.js';

/**
 * Envelope encryption for secrets at rest. Each value gets its own random data key; the
 * value is sealed with AES-256-GCM under the data key, and the data key is sealed under a
 * master key whose id travels with the result:
 *
 *   berth:v1:<master key id>:<wrapped data key>:<nonce>:<ciphertext+tag>   (base64url parts)
 *
 * Rotation re-wraps only the data key (see `rewrap`). `context` is bound as additional
 * authenticated data, so a sealed value copied to another row or purpose fails to open.
 */

const version = 'v1';

export interface Sealed {
  readonly keyId: string;
  readonly text: string;
}

export class SecretDecryptError extends Error {}

export function seal(keyring: Keyring, plaintext: string, context: string): Sealed {
  const dataKey = randomBytes(32);
  const body = gcmSeal(dataKey, Buffer.from(plaintext, 'utf8'), context);
  return pack(keyring.primary, dataKey, body, context);
}

export function open(keyring: Keyring, sealed: string, context: string): string {
  const { masterKey, wrappedKey, body } = unpack(keyring, sealed);
  const dataKey = gcmOpen(masterKey.key, wrappedKey, `${context}#data-key`);
  return gcmOpen(dataKey, body, context).toString('utf8');
}

/** Re-seals the data key under the keyring's primary key; the value itself is untouched. */
export function rewrap(keyring: Keyring, sealed: string, context: string): Sealed {
  const { masterKey, wrappedKey, body } = unpack(keyring, sealed);
  const dataKey = gcmOpen(masterKey.key, wrappedKey, `${context}#data-key`);
  return pack(keyring.primary, dataKey, body, context);
}

/** The id of the master key a sealed value depends on, without opening it. */
export function sealedKeyId(sealed: string): string {
  const parts = sealed.split(':');
  if (parts.length !== 6 || parts[0] !== 'berth' || parts[1] !== version) {
    throw new SecretDecryptError('not a sealed Berth secret');
  }
  return parts[2]!;
}

function pack(masterKey: MasterKey, dataKey: Buffer, body: Buffer, context: string): Sealed {
  const wrapped = gcmSeal(masterKey.key, dataKey, `${context}#data-key`);
  const [nonce, rest] = [body.subarray(0, 12), body.subarray(12)];
  const text = [
    'berth',
    version,
    masterKey.id,
    wrapped.toString('base64url'),
    nonce.toString('base64url'),
    rest.toString('base64url'),
  ].join(':');
  return { keyId: masterKey.id, text };
}

function unpack(keyring: Keyring, sealed: string) {
  const id = sealedKeyId(sealed);
  const masterKey = keyring.get(id);
  if (!masterKey) {
    throw new SecretDecryptError(
      `secret is sealed with master key ${id}, which is not configured ` +
        '(add it to BERTH_PREVIOUS_MASTER_KEYS)',
    );
  }
  const [, , , wrapped, nonce, rest] = sealed.split(':') as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const wrappedKey = Buffer.from(wrapped, 'base64url');
  const body = Buffer.concat([Buffer.from(nonce, 'base64url'), Buffer.from(rest, 'base64url')]);
  return { masterKey, wrappedKey, body };
}

/** nonce (12) | ciphertext | tag (16) */
function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, ct, cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 28) throw new SecretDecryptError('sealed value is truncated');
  const nonce = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const ct = sealed.subarray(12, sealed.length - 16);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new SecretDecryptError('secret failed authentication (tampered, or the wrong key)');
  }
}
