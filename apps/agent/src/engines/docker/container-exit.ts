import { readFile } from 'node:fs/promises';

/** How the supervisor backs off restarting a node that keeps failing. */
export interface RestartPolicy {
  /** The delay before the second restart in a row; it doubles from there. */
  baseMs: number;
  capMs: number;
  /** Running healthy this long forgets the failures in a row. */
  resetAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  baseMs: 1000,
  capMs: 5 * 60_000,
  resetAfterMs: 10 * 60_000,
};

/**
 * The wait before restarting after the `failures`-th failure in a row: none after the
 * first, then base, 2·base, 4·base… up to the cap (exponential backoff, as
 * Kubernetes' CrashLoopBackOff).
 */
export function restartDelay(failures: number, policy: RestartPolicy): number {
  if (failures <= 1) return 0;
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 2, 30));
}

/** What is known about a container that stopped running. */
export interface ExitFacts {
  code: number;
  /** The engine's OOMKilled flag (reliable on cgroup v2; always false on cgroup v1). */
  oomKilled: boolean;
  memoryLimitMi?: number;
  /** The memory cgroup hit its limit while it ran (failcnt > 0 when last sampled). */
  hitMemoryLimit: boolean;
  /** The last line it printed (already redacted). */
  lastLine?: string;
}

/**
 * Says why a container exited, for events and status, and whether it was an OOM kill.
 * Podman on cgroup v1 never sets OOMKilled, so an exit 137 (SIGKILL) of a node with a
 * memory limit counts as an OOM kill: certainly when its cgroup was seen at the limit,
 * "most likely" otherwise (a hand `kill -9` of a limited node reads the same).
 */
export function describeExit(exit: ExitFacts): { message: string; oom: boolean } {
  const tail = exit.lastLine ? `; last output: ${exit.lastLine}` : '';
  const limit = exit.memoryLimitMi ? ` of ${exit.memoryLimitMi} Mi` : '';
  if (exit.oomKilled || (exit.code === 137 && exit.hitMemoryLimit && exit.memoryLimitMi)) {
    return { message: `was killed for running out of memory (limit${limit})${tail}`, oom: true };
  }
  if (exit.code === 137 && exit.memoryLimitMi) {
    return {
      message: `was killed with SIGKILL (exit 137), most likely out of memory (limit${limit}; cgroup v1 does not record OOM kills)${tail}`,
      oom: true,
    };
  }
  if (exit.code === 137) {
    return {
      message: `was killed with SIGKILL (exit 137): out of memory on the host, or killed by hand${tail}`,
      oom: false,
    };
  }
  if (exit.code > 128 && exit.code < 160) {
    return {
      message: `was stopped by signal ${exit.code - 128} (exit ${exit.code})${tail}`,
      oom: false,
    };
  }
  return { message: `exited with code ${exit.code}${tail}`, oom: false };
}

/** The last non-empty line of some output, clipped. */
export function lastLine(output: string, max = 300): string | undefined {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1)?.slice(0, max);
}

const cgroupCandidates = (id: string) => [
  `/sys/fs/cgroup/memory/libpod_parent/libpod-${id}/memory.failcnt`,
  `/sys/fs/cgroup/memory/machine.slice/libpod-${id}.scope/memory.failcnt`,
  `/sys/fs/cgroup/memory/docker/${id}/memory.failcnt`,
  `/sys/fs/cgroup/memory/system.slice/docker-${id}.scope/memory.failcnt`,
];

/**
 * How often a container's memory cgroup (v1) hit its limit, or undefined when the agent
 * cannot see it (cgroup v2, where OOMKilled is reliable, or another mount namespace).
 * The cgroup disappears with the container, so the supervisor samples it while it runs.
 */
export async function readMemoryFailcnt(containerId: string): Promise<number | undefined> {
  for (const path of cgroupCandidates(containerId)) {
    try {
      const value = Number.parseInt(await readFile(path, 'utf8'), 10);
      if (Number.isFinite(value)) return value;
    } catch {
      // not this layout
    }
  }
  return undefined;
}

/**
 * A function that replaces every value of `secrets` (6 characters or longer: shorter
 * ones — `redis`, `true`, `8080` — are rarely secrets and would blank out ordinary
 * text) with `[redacted]`. Applied to
 * everything the driver reports from a container — its output, the engine's errors —
 * before it reaches an event, a status or a log line (R12).
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set(secrets)]
    .filter((v) => v.length >= 6)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join('[redacted]');
    return out;
  };
}
