import { realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import { canonicalCapability, type WorkloadNode } from '@berth/spec';

/**
 * The agent's own check of what a node asks of its host (R15). The control plane is the
 * policy point: it refuses what the account's container policy does not allow. The agent
 * does not know that policy, but it does refuse what no policy can mean — a bind or device
 * path that is relative, not canonical or climbs with `..`, a capability that is not one —
 * whoever sent it, so a bug or a forged spec upstream cannot mount `/etc` by spelling it
 * `srv/../../etc`.
 */

/** Why a host path is unusable, or undefined when it is absolute and canonical. */
export function hostPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'is relative';
  if (path.includes('\0') || path.includes(':')) return 'contains NUL or ":"';
  if (path.split('/').some((s) => s === '..' || s === '.')) return 'contains ".." or "."';
  if (posix.normalize(path) !== path || (path.length > 1 && path.endsWith('/')))
    return 'is not in canonical form';
  return undefined;
}

/** Every problem of a node's security settings and host mounts, as sentences. */
export function hostAccessProblems(node: WorkloadNode, where: string): string[] {
  const problems: string[] = [];
  const path = (what: string, value: string) => {
    const problem = hostPathProblem(value);
    if (problem) problems.push(`${where}: ${what} ${JSON.stringify(value)} ${problem}`);
  };
  for (const volume of node.volumes) {
    if (volume.hostPath !== undefined) path(`host path of volume ${volume.name}`, volume.hostPath);
  }
  for (const device of node.security?.devices ?? []) {
    path('device', device.hostPath);
    path('device target', device.containerPath);
    if (device.hostPath === '/' || device.containerPath === '/')
      problems.push(`${where}: a device cannot be "/"`);
    if (!/^(r?w?m?)$/.test(device.permissions) || device.permissions === '')
      problems.push(
        `${where}: device permissions ${JSON.stringify(device.permissions)} are not rwm`,
      );
  }
  for (const capability of node.security?.capabilities ?? []) {
    const parsed = canonicalCapability(capability);
    if (!parsed.ok || parsed.value !== capability)
      problems.push(`${where}: ${JSON.stringify(capability)} is not a canonical capability name`);
  }
  return problems;
}

/**
 * Refuses a host path that resolves somewhere else through a symlink. A container with a
 * writable bind of an allowed folder could plant `allowed/x → /etc`; a later bind of
 * `allowed/x` would then mount `/etc`, which no policy allowed. A path that does not exist
 * is left to the engine, which refuses it. (The engine resolves the path again when it
 * mounts it: a swap in between is not caught here.)
 * @throws Error naming the path and where it leads.
 */
export async function assertNoSymlink(hostPath: string): Promise<void> {
  const real = await realpath(hostPath).catch(() => undefined);
  if (real !== undefined && real !== hostPath) {
    throw new Error(
      `host path ${hostPath} leads to ${real} through a symbolic link; the agent mounts host paths only as written`,
    );
  }
}
