import { open, readFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StateLockedError } from '../agent-errors.js';
import { stateFiles } from './state-store.js';

/** Lock files held by this process. */
const heldHere = new Set<string>();

/** A held lock; `release` is idempotent. */
export interface RunLock {
  release(): Promise<void>;
}

/**
 * Takes the state directory's run lock: a file created exclusively that holds our pid.
 * Two agents on one credential would replace each other's sessions forever and race for
 * the state files. A lock whose pid is gone (kill -9, power cut) is taken over.
 *
 * Throws StateLockedError when a live process holds it.
 */
export async function acquireRunLock(stateDir: string): Promise<RunLock> {
  const path = resolve(stateDir, stateFiles.lock);
  // A lock file with our own pid is stale (a container's pid 1 after a restart) unless
  // this very process holds it, e.g. an embedded agent started twice.
  if (heldHere.has(path)) throw new StateLockedError(stateDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(path);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          heldHere.delete(path);
          await unlink(path).catch(() => {});
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await lockHolder(path);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      throw new StateLockedError(stateDir, holder);
    }
    await unlink(path).catch(() => {});
  }
  throw new StateLockedError(stateDir, -1);
}

async function lockHolder(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when a process with this pid exists (EPERM: it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
