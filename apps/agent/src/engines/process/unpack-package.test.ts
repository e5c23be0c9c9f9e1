import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalError } from '../../reconcile/engine-driver.js';
import { unpackPackage } from './unpack-package.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-unpack-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A package made by the system's tar or zip; `raw` names are passed as they are (`-P`). */
async function pack(
  format: 'zip' | 'tar.gz',
  files: Record<string, string | { symlink: string }>,
  raw: string[] = [],
): Promise<string> {
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(src, name)), { recursive: true });
    if (typeof content === 'string') await writeFile(join(src, name), content);
    else await symlink(content.symlink, join(src, name));
  }
  const out = join(dir, format === 'zip' ? 'p.zip' : 'p.tar.gz');
  const names = [...Object.keys(files), ...raw];
  if (format === 'zip') execFileSync('zip', ['-q', '-y', out, ...names], { cwd: src });
  else execFileSync('tar', ['-czPf', out, ...names], { cwd: src });
  return out;
}

describe(unpackPackage, () => {
  it.each(['zip', 'tar.gz'] as const)(
    'unpacks a %s read-only, links inside kept',
    async (format) => {
      const file = await pack(format, {
        'main.py': 'print(1)',
        'lib/sensor.py': 'x = 1',
        'lib/alias.py': { symlink: 'sensor.py' },
      });
      const into = join(dir, 'v1');
      await unpackPackage(file, format, into);
      expect(await readFile(join(into, 'main.py'), 'utf8')).toBe('print(1)');
      expect(await readlink(join(into, 'lib/alias.py'))).toBe('sensor.py');
      expect((await stat(join(into, 'lib/sensor.py'))).mode & 0o222).toBe(0);
      expect((await stat(join(into, 'lib'))).mode & 0o222).toBe(0);
    },
  );

  it.each(['zip', 'tar.gz'] as const)(
    'refuses a %s with a link leading out, leaving nothing',
    async (format) => {
      const file = await pack(format, { 'main.py': 'x', etc: { symlink: '../../../etc' } });
      const into = join(dir, 'v1');
      const error = await unpackPackage(file, format, into).catch((e) => e);
      expect(error).toBeInstanceOf(TerminalError);
      expect(error.message).toContain('points outside the package');
      expect(existsSync(into)).toBe(false);
    },
  );

  it('refuses entries with ".." or an absolute path, writing nothing outside', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'victim'), 'safe');
    const dotdot = await pack('tar.gz', { 'main.py': 'x' }, [`../${basename(outside)}/victim`]);
    const into = join(dir, 'v1');
    await expect(unpackPackage(dotdot, 'tar.gz', into)).rejects.toThrow('contains ".."');
    const absolute = await pack('tar.gz', { 'main.py': 'x' }, [join(outside, 'victim')]);
    await expect(unpackPackage(absolute, 'tar.gz', into)).rejects.toThrow('absolute path');
    expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('safe');
    expect(existsSync(into)).toBe(false);
  });

  it('refuses a damaged package as terminal', async () => {
    const file = join(dir, 'bad.zip');
    await writeFile(file, 'PK\u0003\u0004 not really a zip');
    await expect(unpackPackage(file, 'zip', join(dir, 'v1'))).rejects.toBeInstanceOf(TerminalError);
    const gz = join(dir, 'bad.tar.gz');
    await writeFile(gz, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    await expect(unpackPackage(gz, 'tar.gz', join(dir, 'v2'))).rejects.toBeInstanceOf(
      TerminalError,
    );
  });
});
