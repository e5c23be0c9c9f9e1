import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { open, rewrap, SecretDecryptError, seal, sealedKeyId } from './envelope.js';
import { createKeyring, keyId, parseMasterKey } from './keyring.js';

const key = () => ({ id: '', key: randomBytes(32) });
const ring = (k = key(), ...previous: ReturnType<typeof key>[]) =>
  createKeyring(
    { id: keyId(k.key), key: k.key },
    previous.map((p) => ({ id: keyId(p.key), key: p.key })),
  );

describe('envelope encryption', () => {
  it('opens what it sealed, for any text', () => {
    const keyring = ring();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(open(keyring, seal(keyring, text, 'ctx').text, 'ctx')).toBe(text);
      }),
    );
  });

  it('stores the master key id in the clear and nothing of the value', () => {
    const keyring = ring();
    const sealed = seal(keyring, 'canary-value-123', 'secrets/1');
    expect(sealed.keyId).toBe(keyring.primary.id);
    expect(sealedKeyId(sealed.text)).toBe(keyring.primary.id);
    expect(sealed.text.startsWith(`berth:v1:${keyring.primary.id}:`)).toBe(true);
    expect(sealed.text).not.toContain('canary');
    expect(seal(keyring, 'same', 'c').text).not.toBe(seal(keyring, 'same', 'c').text);
  });

  it('refuses a tampered value, another context and another key', () => {
    const keyring = ring();
    const sealed = seal(keyring, 'secret', 'secrets/1').text;
    const parts = sealed.split(':');
    const last = parts[5]!;
    parts[5] = (last[0] === 'A' ? 'B' : 'A') + last.slice(1);
    expect(() => open(keyring, parts.join(':'), 'secrets/1')).toThrow(SecretDecryptError);
    expect(() => open(keyring, sealed, 'secrets/2')).toThrow(/tampered, or the wrong key/);
    const other = ring();
    expect(() => open(other, sealed, 'secrets/1')).toThrow(/not configured/);
  });

  it('re-wraps under a new primary key so the old key can be retired', () => {
    const oldKey = key();
    const newKey = key();
    const before = ring(oldKey);
    const sealed = seal(before, 'value', 'c').text;
    const during = ring(newKey, oldKey);
    expect(open(during, sealed, 'c')).toBe('value');
    const rewrapped = rewrap(during, sealed, 'c');
    expect(rewrapped.keyId).toBe(keyId(newKey.key));
    expect(open(ring(newKey), rewrapped.text, 'c')).toBe('value');
  });

  it('parses base64 and hex master keys and refuses anything else without echoing it', () => {
    const raw = randomBytes(32);
    expect(parseMasterKey(raw.toString('base64'), 'X').key).toEqual(raw);
    expect(parseMasterKey(raw.toString('hex'), 'X').key).toEqual(raw);
    expect(() => parseMasterKey('hunter2-short', 'BERTH_MASTER_KEY')).toThrow(
      /openssl rand -base64 32/,
    );
    try {
      parseMasterKey('hunter2-short', 'BERTH_MASTER_KEY');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
