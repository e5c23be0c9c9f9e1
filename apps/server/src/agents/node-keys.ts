import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** The SPKI DER header of an Ed25519 public key; the 32 key bytes follow it. */
const ed25519SpkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

/** Beyond this many cached keys the cache starts over (a bound, not a working size). */
const maxCachedKeys = 200_000;

/**
 * Nodes' public keys (Ed25519, SPKI DER in base64, as stored at join) and the check of
 * their signatures.
 *
 * Both costs matter when a restarted control plane takes thousands of hellos a second:
 * OpenSSL's DER decoder takes ~120 µs a key where importing the raw key bytes (as a JWK)
 * takes ~15 µs, and a verification ~150 µs of this machine's CPU. So keys are imported
 * from their raw bytes and cached by their stored text (the cache cannot outlive a key),
 * and verifications run on libuv's thread pool, leaving the event loop to the sockets.
 */
export class NodeKeys {
  private readonly keys = new Map<string, KeyObject>();

  /**
   * Whether `signature` (base64) is the node's signature of `text`. False for a malformed
   * key or signature, never an error.
   */
  verify(publicKey: string, text: string, signature: string): Promise<boolean> {
    let key: KeyObject;
    try {
      key = this.key(publicKey);
    } catch {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      try {
        verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'), (error, ok) =>
          resolve(!error && ok),
        );
      } catch {
        resolve(false);
      }
    });
  }

  private key(publicKey: string): KeyObject {
    let key = this.keys.get(publicKey);
    if (key) return key;
    const der = Buffer.from(publicKey, 'base64');
    const raw =
      der.length === ed25519SpkiPrefix.length + 32 &&
      der.subarray(0, ed25519SpkiPrefix.length).equals(ed25519SpkiPrefix)
        ? der.subarray(ed25519SpkiPrefix.length)
        : undefined;
    key = raw
      ? createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
          format: 'jwk',
        })
      : createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (this.keys.size >= maxCachedKeys) this.keys.clear();
    this.keys.set(publicKey, key);
    return key;
  }
}
