/**
 * Which entries of a light app package may be unpacked: shared by the control plane
 * (checked at upload) and the agent (checked again before writing a byte), so the two can
 * never disagree. A package is unpacked only inside its own folder: absolute paths, `..`
 * and links that lead outside are refused.
 */

/** The kinds of archive entry a package may hold; anything else (devices, fifos) is refused. */
export type PackageEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** Collapses `.` and `..` segments; a result starting with `..` lies outside the root. */
function collapse(segments: string[]): string[] | undefined {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(s);
  }
  return out;
}

/**
 * The entry's path inside the package folder (`./a//b/` → `a/b`), or a reason it is
 * refused. Pure.
 */
export function packageEntryPath(name: string): { path: string } | { problem: string } {
  if (name.includes('\0')) return { problem: `"${name}" contains NUL` };
  if (name.includes('\\')) return { problem: `"${name}" contains a backslash` };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
    return { problem: `"${name}" is an absolute path` };
  const segments = name.split('/');
  if (segments.includes('..')) return { problem: `"${name}" contains ".."` };
  const path = collapse(segments)?.join('/') ?? '';
  if (path.length > 4096) return { problem: `"${name.slice(0, 80)}…" is too long` };
  return { path };
}

/**
 * Whether a link at `path` (already checked) pointing at `target` stays inside the
 * package folder; a reason when it does not. Hard-link targets are relative to the
 * package root, symlink targets to the link's folder. Pure.
 */
export function linkProblem(
  path: string,
  target: string,
  type: 'symlink' | 'hardlink',
): string | undefined {
  if (target === '' || target.includes('\0')) return `link "${path}" has no usable target`;
  if (target.startsWith('/')) return `link "${path}" points at an absolute path (${target})`;
  const base = type === 'symlink' ? path.split('/').slice(0, -1) : [];
  const resolved = collapse([...base, ...target.split('/')]);
  if (!resolved || resolved.length === 0)
    return `link "${path}" points outside the package (${target})`;
  return undefined;
}
