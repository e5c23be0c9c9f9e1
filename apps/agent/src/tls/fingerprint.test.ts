import { describe, expect, it } from 'vitest';
import { formatFingerprint, parseFingerprint } from './fingerprint.js';

const hex = 'ab'.repeat(32);
const node = Array.from({ length: 32 }, () => 'AB').join(':');

describe(parseFingerprint, () => {
  it.each([[`sha256:${node}`], [node], [`SHA256:${node.toLowerCase()}`], [`sha256:${hex}`]])(
    'reads %s in Node’s fingerprint256 form',
    (text) => {
      expect(parseFingerprint(text)).toBe(node);
    },
  );

  it.each([
    ['sha256:AB:CD'],
    [`sha1:${node}`],
    [`${node}:AB`],
    [`sha256:${'zz'.repeat(32)}`],
    [''],
  ])('refuses %s', (text) => {
    expect(() => parseFingerprint(text)).toThrow(/SHA-256 fingerprint/);
  });

  it('prints with the sha256: prefix', () => {
    expect(formatFingerprint(node)).toBe(`sha256:${node}`);
  });
});
