import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth, maxJsonDepth, readServerMessage } from './read-server-message.js';

const desired = {
  type: 'desired',
  generation: 3,
  settings: { heartbeatSeconds: 10, logLevel: 'info' },
  workloads: [{ id: 'web', kind: 'noop', revision: 'r1', spec: { any: ['thing'] } }],
};

describe(readServerMessage, () => {
  it('reads a valid message', () => {
    const read = readServerMessage(Buffer.from(JSON.stringify(desired)), false);
    expect(read).toMatchObject({ ok: true, message: { type: 'desired', generation: 3 } });
  });

  it.each([
    ['a binary frame', Buffer.from([0, 1, 2]), true, 'binary'],
    ['truncated JSON', Buffer.from(JSON.stringify(desired).slice(0, 40)), false, 'not JSON'],
    ['an unknown type', Buffer.from('{"type":"reboot"}'), false, 'not a server message'],
    ['a wrong field type', Buffer.from('{"type":"challenge","nonce":42}'), false, 'nonce'],
    ['a JSON array', Buffer.from('[1,2,3]'), false, 'not a server message'],
    ['deep nesting', Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), false, 'deeper'],
  ])('refuses %s with a reason', (_name, data, binary, reason) => {
    const read = readServerMessage(data, binary);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.reason).toContain(reason);
  });

  it('refuses 4 MiB of nesting quickly, without parsing it', () => {
    const half = 2 * 1024 * 1024;
    const hostile = Buffer.from(`{"type":"desired","x":${'['.repeat(half - 30)}`);
    const started = performance.now();
    expect(readServerMessage(hostile, false).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never throws, whatever text arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const read = readServerMessage(Buffer.from(text), false);
          expect(typeof read.ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe(jsonDepth, () => {
  it.each([
    ['1', 0],
    ['[]', 1],
    ['{"a":[{"b":[]}]}', 4],
    ['"[[[[[[["', 0],
    ['["\\"[[[", []]', 2],
  ])('%s is %i deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it('stops counting past the limit', () => {
    expect(jsonDepth('['.repeat(1000), maxJsonDepth)).toBe(maxJsonDepth + 1);
  });
});
