import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NodeKeys } from './node-keys.js';

function node() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const stored = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const signs = (text: string) => sign(null, Buffer.from(text), privateKey).toString('base64');
  return { stored, signs };
}

describe(NodeKeys, () => {
  it("accepts the node's signature of the text, again from the cached key", async () => {
    const keys = new NodeKeys();
    const a = node();
    expect(await keys.verify(a.stored, 'challenge 1', a.signs('challenge 1'))).toBe(true);
    expect(await keys.verify(a.stored, 'challenge 2', a.signs('challenge 2'))).toBe(true);
  });

  it("refuses another node's signature, another text and garbage, without throwing", async () => {
    const keys = new NodeKeys();
    const [a, b] = [node(), node()];
    expect(await keys.verify(a.stored, 'challenge', b.signs('challenge'))).toBe(false);
    expect(await keys.verify(a.stored, 'challenge', a.signs('other'))).toBe(false);
    expect(await keys.verify(a.stored, 'challenge', 'not base64 at all!')).toBe(false);
    expect(await keys.verify('AAAA', 'challenge', a.signs('challenge'))).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const rsaStored = rsa.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(await keys.verify(rsaStored, 'challenge', a.signs('challenge'))).toBe(false);
  });
});
