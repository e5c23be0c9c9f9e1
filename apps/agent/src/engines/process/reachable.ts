import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Who must be able to walk a path: the unprivileged user light apps run as. */
export interface PathUser {
  uid: number;
  gid: number;
}

/**
 * The first existing directory on the way to `path` (from the root down) that `user`
 * cannot pass through — no execute bit for them as owner, group or other — or undefined
 * when every one lets them by. Directories that do not exist yet are skipped: the driver
 * makes them itself, traversable.
 */
export async function firstUnreachable(
  path: string,
  user: PathUser,
): Promise<{ dir: string; mode: number } | undefined> {
  const dirs: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => undefined);
    if (!info) break;
    const mode = info.mode & 0o777;
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return { dir, mode };
  }
  return undefined;
}

/** Where a root agent keeps light apps when the folder beside its state is out of reach. */
export const sharedAppsRoot = '/var/lib/berth/apps';

/**
 * The light apps folder of an agent with state in `stateDir`: `<stateDir>-apps`, unless
 * the app user could not reach it (a state folder under /root, or a private temp folder),
 * then a folder of its own under /var/lib/berth/apps. Chmod-ing a user's home to let the
 * programs in would open it to every user; a folder made for them opens nothing else.
 */
export async function defaultAppsDir(
  stateDir: string,
  user: PathUser | undefined,
): Promise<string> {
  const beside = `${resolve(stateDir)}-apps`;
  if (!user || !(await firstUnreachable(dirname(beside), user))) return beside;
  const key = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 12);
  return join(sharedAppsRoot, key);
}
