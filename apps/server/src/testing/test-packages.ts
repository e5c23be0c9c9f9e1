import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file's content, or a symlink to `target`. */
export type PackageFile = string | { symlink: string };

/**
 * A light app package made by the system's `tar` or `zip`, as a user would make it.
 * `rawNames` are passed to the archiver as they are (`-P` keeps `../` and `/`), for
 * packages that must be refused.
 */
export function makePackage(
  format: 'zip' | 'tar.gz',
  files: Record<string, PackageFile>,
  options: { rawNames?: string[] } = {},
): Buffer {
  const root = mkdtempSync(join(tmpdir(), 'berth-pkg-'));
  const dir = join(root, 'src');
  try {
    mkdirSync(dir);
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      if (typeof content === 'string') writeFileSync(path, content);
      else symlinkSync(content.symlink, path);
    }
    const out = join(root, format === 'zip' ? 'p.zip' : 'p.tar.gz');
    const names = [...Object.keys(files), ...(options.rawNames ?? [])];
    if (format === 'zip') execFileSync('zip', ['-q', '-y', out, ...names], { cwd: dir });
    else execFileSync('tar', ['-czPf', out, ...names], { cwd: dir });
    return readFileSync(out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
