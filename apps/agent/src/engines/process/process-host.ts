import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The first of `names` that exists on this host. */
export function findOn(names: string[]): string | undefined {
  return names.find((p) => existsSync(p));
}

/**
 * The unprivileged user programs run as: `berth-app` (created when missing), else
 * `nobody`. An agent that is not root runs programs as itself — never as root.
 */
export function appUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (name: string) => ({
    uid: Number(execFileSync('id', ['-u', name]).toString()),
    gid: Number(execFileSync('id', ['-g', name]).toString()),
  });
  try {
    return ids('berth-app');
  } catch {
    try {
      execFileSync(
        'useradd',
        [
          '--system',
          '--no-create-home',
          '--home-dir',
          '/nonexistent',
          '--shell',
          '/usr/sbin/nologin',
          'berth-app',
        ],
        { stdio: 'ignore' },
      );
      return ids('berth-app');
    } catch {
      return ids('nobody');
    }
  }
}

/** A package size as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
