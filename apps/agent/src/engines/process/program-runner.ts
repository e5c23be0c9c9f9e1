import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { copyFile, readdir, readFile, rename, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReconcileEvent } from '../../reconcile/engine-driver.js';
import { applyLimits, type LimitsOutcome, oomKills, removeLimits } from './process-limits.js';

/** The env var that marks a program as this workload's: the process table is the driver's memory. */
export const workloadMarker = 'BERTH_WORKLOAD_ID';
const logLimitBytes = 5 * 1024 * 1024;
const keptLogs = 3;

/** Pids of running processes whose environment carries `BERTH_WORKLOAD_ID=<id>`. */
export async function processesOf(id: string): Promise<number[]> {
  const needle = `\0${workloadMarker}=${id}\0`;
  const pids: number[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const env = await readFile(`/proc/${name}/environ`, 'latin1').catch(() => '');
    if (`\0${env}`.includes(needle)) {
      const state = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
      if (!/\) Z /.test(state)) pids.push(Number(name));
    }
  }
  return pids;
}

/** What the runner was told to run. */
export interface ProgramSpec {
  id: string;
  name: string;
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logDir: string;
  user: { uid: number; gid: number } | undefined;
  limits: { memoryMi: number; cpuMillis: number };
  /**
   * Scheduled runs: when the program should next start after `after` (undefined: never).
   * Without it the program is kept running.
   */
  nextRun?: ((after: Date) => Date | undefined) | undefined;
}

export interface RunnerHooks {
  emit(event: ReconcileEvent): void;
  changed(): void;
  /** A process was started or killed. */
  mutated(): void;
  /** The pid now running (or null), for the state file. */
  record(pid: number | null): Promise<void>;
  /**
   * Set while a new version is on probation: called once, instead of a restart, when the
   * program exits three times within a minute of its first start.
   */
  crashLooping?: () => void;
}

/** Copies the log aside and empties it: the program's O_APPEND descriptor writes on at the start. */
async function rotate(logDir: string): Promise<void> {
  const log = join(logDir, 'output.log');
  const size = await stat(log).then(
    (s) => s.size,
    () => 0,
  );
  if (size < logLimitBytes) return;
  for (let i = keptLogs - 1; i >= 1; i--)
    await rename(join(logDir, `output.log.${i}`), join(logDir, `output.log.${i + 1}`)).catch(
      () => {},
    );
  await copyFile(log, join(logDir, 'output.log.1'));
  await truncate(log, 0);
}

/**
 * Keeps one program running: started (or adopted after an agent restart), placed under
 * its limits, restarted with growing delays (1 s doubling to 60 s; back to 1 s after a
 * minute up) when it exits, its output appended to a rotated log. Programs are started
 * in their own process group and survive the agent; argv goes to `execve` as it is (R14).
 */
export class ProgramRunner {
  restarts = 0;
  pid: number | null = null;
  phase: 'starting' | 'running' | 'restarting' | 'waiting' = 'starting';
  message: string | undefined;
  limits: LimitsOutcome = { enforced: false, reason: 'not started yet' };
  private stopping = false;
  private timers = new Set<NodeJS.Timeout>();
  private startedAt = 0;
  private delayMs = 1000;
  private ooms = 0;
  /** When the program first started and when it exited since, for crash-loop detection. */
  private firstStart = 0;
  private exits: number[] = [];
  /** The timer of the next scheduled run: one at a time. */
  private scheduled: NodeJS.Timeout | undefined;

  constructor(
    private readonly spec: ProgramSpec,
    private readonly hooks: RunnerHooks,
  ) {}

  /** Adopts `pid` when it still runs as this workload, else starts the program. */
  async start(adopt: number | null): Promise<void> {
    const running = await processesOf(this.spec.id);
    if (adopt !== null && running.includes(adopt)) {
      this.pid = adopt;
      this.phase = 'running';
      this.startedAt = Date.now();
      this.limits = await applyLimits(this.spec.id, adopt, this.spec.limits);
      this.watchAdopted(adopt);
    } else {
      // Never two copies: strays of this workload (a crash between spawn and record) go first.
      for (const pid of running) this.kill(pid, 'SIGKILL');
      if (this.spec.nextRun) this.scheduleNext();
      else await this.spawn();
    }
    this.every(10_000, () => void rotate(this.spec.logDir));
  }

  private every(ms: number, fn: () => void) {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async spawn(): Promise<void> {
    if (this.stopping) return;
    await rotate(this.spec.logDir);
    this.ooms = await oomKills(this.spec.id);
    const fd = openSync(join(this.spec.logDir, 'output.log'), 'a', 0o640);
    try {
      const child = spawn(this.spec.file, this.spec.args, {
        cwd: this.spec.cwd,
        env: { ...this.spec.env, [workloadMarker]: this.spec.id },
        stdio: ['ignore', fd, fd],
        detached: true,
        ...(this.spec.user ?? {}),
      });
      child.unref();
      child.on('error', (error) => this.exited(null, null, error.message));
      child.on('exit', (code, signal) => this.exited(code, signal));
      if (child.pid === undefined) return;
      this.pid = child.pid;
      this.startedAt = Date.now();
      this.firstStart ||= this.startedAt;
      this.phase = 'running';
      this.hooks.mutated();
      this.limits = await applyLimits(this.spec.id, child.pid, this.spec.limits);
      await this.hooks.record(child.pid);
      this.hooks.changed();
    } finally {
      closeSync(fd);
    }
  }

  /** An adopted program is not our child: it is watched through /proc. */
  private watchAdopted(pid: number) {
    this.every(500, () => {
      void readFile(`/proc/${pid}/environ`, 'latin1').then(
        (env) => {
          if (!env.includes(`${workloadMarker}=${this.spec.id}`)) this.exited(null, null);
        },
        () => this.exited(null, null),
      );
    });
  }

  private async exited(code: number | null, signal: NodeJS.Signals | null, error?: string) {
    if (this.pid === null && !error) return;
    this.pid = null;
    if (this.stopping) return;
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    this.every(10_000, () => void rotate(this.spec.logDir));
    const oom = (await oomKills(this.spec.id)) > this.ooms;
    if (this.spec.nextRun) return this.runEnded(code, signal, oom, error);
    const how =
      error ??
      (oom
        ? 'was killed: out of memory'
        : signal
          ? `was killed by ${signal}`
          : `exited with code ${code ?? '?'}`);
    this.exits.push(Date.now());
    if (
      this.hooks.crashLooping &&
      this.exits.filter((t) => t - this.firstStart <= 60_000).length >= 3
    ) {
      const hook = this.hooks.crashLooping;
      this.hooks.crashLooping = undefined;
      this.message = `${this.spec.name} ${how}, the third time within a minute of starting`;
      hook();
      return;
    }
    if (Date.now() - this.startedAt > 60_000) this.delayMs = 1000;
    this.restarts++;
    this.phase = 'restarting';
    this.message = `${this.spec.name} ${how}; restart ${this.restarts} in ${this.delayMs / 1000} s`;
    this.hooks.emit({
      workload: this.spec.id,
      node: this.spec.name,
      reason: oom ? 'oom-killed' : 'exited',
      message: this.message,
    });
    await this.hooks.record(null);
    this.hooks.changed();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.spawn();
    }, this.delayMs);
    timer.unref();
    this.timers.add(timer);
    this.delayMs = Math.min(60_000, this.delayMs * 2);
  }

  /** A scheduled run ended: no restart, the next run waits for its time. */
  private async runEnded(
    code: number | null,
    signal: NodeJS.Signals | null,
    oom: boolean,
    error: string | undefined,
  ) {
    const ok = code === 0 && !error;
    const how =
      error ??
      (oom
        ? 'was killed: out of memory'
        : signal
          ? `was killed by ${signal}`
          : `exited with code ${code ?? '?'}`);
    this.hooks.emit({
      workload: this.spec.id,
      node: this.spec.name,
      reason: ok ? 'completed' : oom ? 'oom-killed' : 'exited',
      message: ok ? `${this.spec.name} ran to completion` : `${this.spec.name} ${how}`,
    });
    await this.hooks.record(null);
    this.scheduleNext(ok ? undefined : `the last run ${how}`);
    this.hooks.changed();
  }

  /** Waits for the next time of the schedule; a run still going then is not doubled. */
  private scheduleNext(last?: string) {
    const next = this.spec.nextRun?.(new Date());
    this.phase = this.pid === null ? 'waiting' : 'running';
    const when = next ? `next run at ${next.toISOString()}` : 'the schedule never matches again';
    this.message = last ? `${last}; ${when}` : when;
    if (!next) return;
    // Long waits are re-armed: setTimeout cannot wait beyond ~24 days.
    const arm = () => {
      clearTimeout(this.scheduled);
      const left = next.getTime() - Date.now();
      this.scheduled = setTimeout(
        () => {
          this.scheduled = undefined;
          if (this.stopping) return;
          if (Date.now() < next.getTime() - 50) return arm();
          if (this.pid !== null) {
            this.hooks.emit({
              workload: this.spec.id,
              node: this.spec.name,
              reason: 'skipped',
              message: `${this.spec.name} was still running at ${next.toISOString()}; runs never overlap`,
            });
            return this.scheduleNext();
          }
          void this.spawn().then(() => this.scheduleNext());
        },
        Math.max(0, Math.min(left, 6 * 3_600_000)),
      );
      this.scheduled.unref();
    };
    arm();
  }

  private kill(pid: number, signal: NodeJS.Signals) {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    this.hooks.mutated();
  }

  /** Stops supervising and ends the program (TERM, then KILL after `graceMs`). */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.scheduled);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const pid of await processesOf(this.spec.id)) this.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while ((await processesOf(this.spec.id)).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    for (const pid of await processesOf(this.spec.id)) this.kill(pid, 'SIGKILL');
    while ((await processesOf(this.spec.id)).length > 0)
      await new Promise((r) => setTimeout(r, 50));
    this.pid = null;
    await removeLimits(this.spec.id);
  }

  /** Stops supervising, leaving the program running (the agent is shutting down). */
  detach(): void {
    this.stopping = true;
    clearTimeout(this.scheduled);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
