import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where cgroups are mounted; a test may point elsewhere. */
const root = '/sys/fs/cgroup';

/** Whether the host's limits hold for a program, and why not when they do not. */
export interface LimitsOutcome {
  enforced: boolean;
  reason?: string;
}

const v1 = (controller: string, id: string) => join(root, controller, 'berth', id);
const v2 = (id: string) => join(root, 'berth', id);
const isV2 = () => existsSync(join(root, 'cgroup.controllers'));

/**
 * Puts process `pid` under a memory and CPU limit: cgroup v2 (`memory.max`, `cpu.max`)
 * where the host is unified, else the v1 `memory` and `cpu` controllers (hybrid hosts,
 * like this project's CI). Needs root; without it — or when a controller is missing — the
 * program runs unlimited and the outcome says so, for the status to show (never silently).
 */
export async function applyLimits(
  id: string,
  pid: number,
  limits: { memoryMi: number; cpuMillis: number },
): Promise<LimitsOutcome> {
  if (process.getuid?.() !== 0)
    return {
      enforced: false,
      reason: 'the agent does not run as root, so it cannot set cgroup limits',
    };
  const bytes = String(limits.memoryMi * 1024 * 1024);
  const period = 100_000;
  const quota = String(Math.max(1000, Math.round((limits.cpuMillis / 1000) * period)));
  try {
    if (isV2()) {
      const dir = v2(id);
      await mkdir(dir, { recursive: true });
      // Controllers must be handed down to the berth subtree before its children can use them.
      await writeFile(join(root, 'cgroup.subtree_control'), '+memory +cpu').catch(() => {});
      await writeFile(join(root, 'berth', 'cgroup.subtree_control'), '+memory +cpu').catch(
        () => {},
      );
      await writeFile(join(dir, 'memory.max'), bytes);
      await writeFile(join(dir, 'memory.swap.max'), '0').catch(() => {});
      await writeFile(join(dir, 'cpu.max'), `${quota} ${period}`);
      await writeFile(join(dir, 'cgroup.procs'), String(pid));
      return { enforced: true };
    }
    const memory = v1('memory', id);
    const cpu = v1('cpu', id);
    await mkdir(memory, { recursive: true });
    await mkdir(cpu, { recursive: true });
    await writeFile(join(memory, 'memory.limit_in_bytes'), bytes);
    // Swap would let a program outgrow its limit quietly; absent without swap accounting.
    await writeFile(join(memory, 'memory.memsw.limit_in_bytes'), bytes).catch(() => {});
    await writeFile(join(cpu, 'cpu.cfs_period_us'), String(period));
    await writeFile(join(cpu, 'cpu.cfs_quota_us'), quota);
    await writeFile(join(memory, 'cgroup.procs'), String(pid));
    await writeFile(join(cpu, 'cgroup.procs'), String(pid));
    return { enforced: true };
  } catch (error) {
    return {
      enforced: false,
      reason: `the host's cgroups refused the limits: ${(error as Error).message}`,
    };
  }
}

/** How many times the kernel's OOM killer has killed in the program's cgroup. */
export async function oomKills(id: string): Promise<number> {
  const file = isV2()
    ? join(v2(id), 'memory.events')
    : join(v1('memory', id), 'memory.oom_control');
  try {
    const match = /oom_kill (\d+)/.exec(await readFile(file, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Removes the program's cgroups once nothing runs in them. */
export async function removeLimits(id: string): Promise<void> {
  for (const dir of isV2() ? [v2(id)] : [v1('memory', id), v1('cpu', id)])
    await rmdir(dir).catch(() => {});
}
