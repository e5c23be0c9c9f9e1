import { readFileSync } from 'node:fs';

const ticksPerSecond = 100;

/** RSS (MiB) and CPU seconds (user + system) of a process, from /proc. */
export function processStats(pid: number): { rssMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMiB: Math.round(rssKb / 1024), cpuSeconds: ticks / ticksPerSecond };
}

/** The share of one core a process used over `ms` milliseconds. */
export async function cpuShare(pid: number, ms: number): Promise<number> {
  const before = processStats(pid).cpuSeconds;
  await new Promise((r) => setTimeout(r, ms));
  return (processStats(pid).cpuSeconds - before) / (ms / 1000);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}
