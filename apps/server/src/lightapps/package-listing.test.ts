import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makePackage } from '../testing/test-packages.js';
import { listPackage } from './package-listing.js';

const limit = 10 * 1024 * 1024;
const outside = mkdtempSync(join(tmpdir(), 'berth-outside-'));
writeFileSync(join(outside, 'x'), 'x');
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe(listPackage, () => {
  it.each(['zip', 'tar.gz'] as const)('lists the regular files of a %s', (format) => {
    const bytes = makePackage(format, {
      'main.py': 'print(1)',
      'lib/sensor.py': 'x = 1',
      'lib/alias.py': { symlink: 'sensor.py' },
    });
    expect(listPackage(bytes, limit)).toEqual({ format, files: ['lib/sensor.py', 'main.py'] });
  });

  it('reads long names (over 100 characters) of a tar', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/main.py`;
    expect(listPackage(makePackage('tar.gz', { [long]: 'x' }), limit).files).toEqual([long]);
  });

  it.each(['zip', 'tar.gz'] as const)(
    'refuses a %s with a link that leaves the folder',
    (format) => {
      const bytes = makePackage(format, { 'main.py': 'x', etc: { symlink: '../../etc' } });
      expect(() => listPackage(bytes, limit)).toThrow('points outside the package');
      const absolute = makePackage(format, { 'main.py': 'x', pw: { symlink: '/etc/passwd' } });
      expect(() => listPackage(absolute, limit)).toThrow('absolute');
    },
  );

  it('refuses entries with ".." and absolute paths', () => {
    const rel = join('..', '..', outside.split('/').pop() as string, 'x');
    const dotdot = makePackage('tar.gz', { 'main.py': 'x' }, { rawNames: [rel] });
    expect(() => listPackage(dotdot, limit)).toThrow('contains ".."');
    const abs = makePackage('tar.gz', { 'main.py': 'x' }, { rawNames: [join(outside, 'x')] });
    expect(() => listPackage(abs, limit)).toThrow('absolute path');
  });

  it('refuses what is not a package, and a gzip bomb', () => {
    expect(() => listPackage(Buffer.from('#!/bin/sh\necho hi\n'), limit)).toThrow(
      'neither a zip nor a tar.gz',
    );
    expect(() => listPackage(gzipSync(Buffer.alloc(2 * limit)), limit)).toThrow('unpacks to more');
    expect(() => listPackage(Buffer.from([0x1f, 0x8b, 1, 2, 3]), limit)).toThrow(
      'not a valid gzip',
    );
  });
});
