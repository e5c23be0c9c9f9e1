import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  nextCronTime,
  type ProcessWorkloadSpec,
  processWorkloadKind,
  processWorkloadSpec,
  type Workload,
} from '@berth/spec';
import {
  type DriverContext,
  type EngineDriver,
  type LogsRequest,
  type ObservedWorkload,
  type OutputSink,
  type ReconcileAction,
  TerminalError,
} from '../../reconcile/engine-driver.js';
import { writeFileAtomic } from '../../state/atomic-file.js';
import { fetchPackage } from './package-fetch.js';
import { appUser, findOn, formatBytes } from './process-host.js';
import { removeLimits } from './process-limits.js';
import { streamProgramLog } from './program-logs.js';
import { ProgramRunner, processesOf } from './program-runner.js';
import { firstUnreachable } from './reachable.js';
import { unpackPackage } from './unpack-package.js';

export interface ProcessDriverOptions {
  /** Where programs live: `<appsDir>/<workload>/{packages,versions,data,logs}`; must be traversable by the app user. */
  appsDir: string;
  /** The control plane's base URL, for package paths. */
  serverUrl: string;
  /** Headers that sign a package request as this node. */
  headers(sha256: string): Record<string, string>;
  /** Interpreters by language (default: python3 and node found on the host). */
  interpreters?: { python?: string; nodejs?: string };
  fetch?: typeof fetch;
  /** When a schedule next matches (tests move time); default `nextCronTime`, host local time. */
  nextRun?: (schedule: string, after: Date) => Date | undefined;
  /** Counts changes made to the host (the contract suite's `mutations`). */
  onMutation?: () => void;
}

/** What the driver keeps on disk per workload (atomic writes; R22). */
interface WorkloadState {
  id: string;
  revision: string;
  spec: ProcessWorkloadSpec;
  pid: number | null;
  /** The version that ran before `spec`, kept to fall back to while `spec` is on probation. */
  previous?: ProcessWorkloadSpec | undefined;
  /** Set once `spec` crash-looped and `previous` runs instead: why, for the status. */
  rolledBack?: string | undefined;
}

/**
 * Runs light apps (`process` workloads) directly on the host: fetches the package
 * (node-signed, resumable, sha256-checked), unpacks it read-only into a folder of its
 * version, and keeps the program running under its limits as an unprivileged user with a
 * writable data folder of its own. State lives on disk and in the process table (the
 * `BERTH_WORKLOAD_ID` marker), so a restarted agent adopts what runs and never starts a
 * second copy. Scheduled programs run to completion at each time of their cron expression.
 */
export class ProcessDriver implements EngineDriver {
  readonly kind = processWorkloadKind;
  private readonly runners = new Map<string, ProgramRunner>();
  private readonly stateWrites = new Map<string, Promise<void>>();
  /** Versions being installed, by workload id: what `observe` shows until they run. */
  private readonly installing = new Map<
    string,
    { revision: string; app: string; phase: 'downloading' | 'starting'; message: string }
  >();
  private context: DriverContext | undefined;
  private readonly user = appUser();

  constructor(private readonly options: ProcessDriverOptions) {}

  private nextRun(schedule: string, after: Date): Date | undefined {
    return (this.options.nextRun ?? nextCronTime)(schedule, after);
  }

  attach(context: DriverContext): void {
    this.context = context;
  }

  private dir(id: string) {
    return join(this.options.appsDir, id);
  }

  private async readState(id: string): Promise<WorkloadState | undefined> {
    try {
      return JSON.parse(
        await readFile(join(this.dir(id), 'workload.json'), 'utf8'),
      ) as WorkloadState;
    } catch {
      return undefined;
    }
  }

  /** Writes of one workload's state queue behind each other, so the last one lands last. */
  private writeState(state: WorkloadState): Promise<void> {
    const previous = this.stateWrites.get(state.id) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() =>
        writeFileAtomic(join(this.dir(state.id), 'workload.json'), JSON.stringify(state)),
      );
    this.stateWrites.set(state.id, next);
    void next
      .finally(() => {
        if (this.stateWrites.get(state.id) === next) this.stateWrites.delete(state.id);
      })
      .catch(() => {});
    return next;
  }

  async observe(): Promise<ObservedWorkload[]> {
    const ids = await readdir(this.options.appsDir).catch(() => [] as string[]);
    const out: ObservedWorkload[] = [];
    for (const [id, install] of this.installing) {
      out.push({
        id,
        revision: install.revision,
        phase: install.phase,
        message: install.message,
        supervised: true,
        nodes: [
          {
            name: install.app,
            phase: install.phase,
            ready: false,
            restarts: 0,
            endpoints: [],
            message: install.message,
          },
        ],
      });
    }
    for (const id of ids) {
      if (this.installing.has(id)) continue;
      const state = await this.readState(id);
      if (!state) continue;
      const runner = this.runners.get(id);
      const alive = runner
        ? runner.pid !== null
        : state.pid !== null && (await processesOf(id)).includes(state.pid);
      // A scheduled program waiting for its next time is as healthy as one running.
      const nodePhase = runner ? runner.phase : alive ? 'running' : 'stopped';
      const phase = state.rolledBack ? 'failed' : nodePhase === 'waiting' ? 'running' : nodePhase;
      out.push({
        id,
        revision: state.revision,
        phase,
        ...this.messageOf(state, runner),
        ...(runner ? { limitsEnforced: runner.limits.enforced } : {}),
        supervised: runner !== undefined,
        nodes: [
          {
            name: state.spec.app,
            phase: nodePhase,
            ready: phase === 'running',
            restarts: runner?.restarts ?? 0,
            endpoints: [],
          },
        ],
      });
    }
    return out;
  }

  /** What the status says: a rollback first, then the program's last exit, then unenforced limits. */
  private messageOf(state: WorkloadState, runner: ProgramRunner | undefined): { message?: string } {
    const parts = [
      state.rolledBack,
      state.rolledBack ? undefined : runner?.message,
      runner?.limits.reason ? `limits not enforced: ${runner.limits.reason}` : undefined,
    ].filter((p): p is string => p !== undefined);
    return parts.length > 0 ? { message: parts.join('; ') } : {};
  }

  async apply(action: ReconcileAction): Promise<void> {
    if (action.type === 'remove') return this.remove(action.id);
    if (action.type === 'start') {
      const state = await this.readState(action.workload.id);
      if (state?.revision === action.workload.revision) return this.run(state, state.pid);
    }
    await this.install(action.workload);
  }

  private parse(workload: Workload): ProcessWorkloadSpec {
    const parsed = processWorkloadSpec.safeParse(workload.spec);
    if (!parsed.success)
      throw new TerminalError(
        `invalid process workload: ${parsed.error.issues[0]?.message ?? 'bad spec'}`,
      );
    return parsed.data;
  }

  /**
   * Fetches and unpacks the version (both kept), stops what ran, starts the new one. While
   * it downloads and starts, `observe` says so (and `changed` reports it at once): a big
   * package on a slow link takes minutes, and the user watching should see why.
   */
  private async install(workload: Workload): Promise<void> {
    const spec = this.parse(workload);
    const progress = (phase: 'downloading' | 'starting', message: string) => {
      this.installing.set(workload.id, {
        revision: workload.revision,
        app: spec.app,
        phase,
        message,
      });
      this.context?.changed();
    };
    progress('downloading', `downloading ${spec.version} (${formatBytes(spec.package.size)})`);
    try {
      await this.installVersion(workload, spec, () =>
        progress('starting', `starting ${spec.version}`),
      );
    } finally {
      this.installing.delete(workload.id);
    }
  }

  private async installVersion(
    workload: Workload,
    spec: ProcessWorkloadSpec,
    fetched: () => void,
  ): Promise<void> {
    const dir = this.dir(workload.id);
    for (const sub of ['packages', 'versions', 'data', 'logs'])
      await mkdir(join(dir, sub), { recursive: true });
    await chmod(this.options.appsDir, 0o711);
    await chmod(dir, 0o711);
    await chmod(join(dir, 'versions'), 0o711);
    const blocked = this.user
      ? await firstUnreachable(join(dir, 'versions'), this.user)
      : undefined;
    if (blocked) {
      throw new TerminalError(
        `the programs' user (uid ${this.user!.uid}) cannot reach ${blocked.dir} (mode ${blocked.mode.toString(8).padStart(4, '0')}): run the agent with --apps-dir on a path it can reach, e.g. /var/lib/berth/apps`,
      );
    }
    const pkg = join(dir, 'packages', spec.package.sha256);
    await fetchPackage(
      {
        url: new URL(spec.package.path, this.options.serverUrl).toString(),
        sha256: spec.package.sha256,
        size: spec.package.size,
      },
      pkg,
      this.options.headers,
      this.options.fetch,
    );
    fetched();
    const version = join(dir, 'versions', `${spec.version}-${spec.package.sha256.slice(0, 12)}`);
    if (!existsSync(version)) {
      // Unpacked aside and renamed, so a folder that exists is always complete.
      const temp = `${version}.tmp-${randomUUID()}`;
      await unpackPackage(pkg, spec.package.format, temp);
      await rename(temp, version);
    }
    if (this.user) {
      await chown(join(dir, 'data'), this.user.uid, this.user.gid);
      await chown(join(dir, 'logs'), this.user.uid, this.user.gid);
    }
    const before = await this.readState(workload.id);
    const ran = before?.rolledBack ? before.previous : before?.spec;
    const previous = ran && ran.package.sha256 !== spec.package.sha256 ? ran : undefined;
    await this.runners.get(workload.id)?.stop();
    this.runners.delete(workload.id);
    const state: WorkloadState = {
      id: workload.id,
      revision: workload.revision,
      spec,
      pid: null,
      previous,
    };
    await this.writeState(state);
    await this.run(state, null);
  }

  private command(spec: ProcessWorkloadSpec, version: string): { file: string; args: string[] } {
    const entry = join(version, spec.entry);
    if (spec.language === 'c') return { file: entry, args: spec.args };
    const interpreter =
      spec.language === 'python'
        ? (this.options.interpreters?.python ??
          findOn(['/usr/bin/python3', '/usr/local/bin/python3']))
        : (this.options.interpreters?.nodejs ??
          findOn(['/usr/bin/node', '/usr/local/bin/node']) ??
          process.execPath);
    if (!interpreter) throw new TerminalError(`no ${spec.language} interpreter on this host`);
    return { file: interpreter, args: [entry, ...spec.args] };
  }

  /**
   * The new version crash-looped: stop it and run the one it replaced, saying so in the
   * status. The desired revision stays the new one, reported failed, so nothing retries it
   * until a new deployment arrives; the host keeps doing its job meanwhile.
   */
  private async rollBack(id: string): Promise<void> {
    const state = await this.readState(id);
    if (!state?.previous) return;
    const message = `${state.spec.version} crash-looped (three exits within a minute); rolled back to ${state.previous.version}`;
    this.context?.emit({ workload: id, node: state.spec.app, reason: 'rolled-back', message });
    await this.runners.get(id)?.stop();
    this.runners.delete(id);
    const next = { ...state, pid: null, rolledBack: message };
    await this.writeState(next);
    await this.run(next, null);
    this.context?.changed();
  }

  private async run(state: WorkloadState, adopt: number | null): Promise<void> {
    const dir = this.dir(state.id);
    const active = state.rolledBack && state.previous ? state.previous : state.spec;
    const version = join(
      dir,
      'versions',
      `${active.version}-${active.package.sha256.slice(0, 12)}`,
    );
    const runner = new ProgramRunner(
      {
        id: state.id,
        name: active.app,
        ...this.command(active, version),
        env: {
          PATH: '/usr/local/bin:/usr/bin:/bin',
          HOME: join(dir, 'data'),
          BERTH_DATA_DIR: join(dir, 'data'),
          ...active.env,
        },
        cwd: join(dir, 'data'),
        logDir: join(dir, 'logs'),
        user: this.user,
        limits: { memoryMi: active.memoryMi, cpuMillis: active.cpuMillis },
        nextRun:
          active.run.mode === 'scheduled'
            ? (
                (schedule) => (after: Date) =>
                  this.nextRun(schedule, after)
              )(active.run.schedule)
            : undefined,
      },
      {
        emit: (e) => this.context?.emit(e),
        changed: () => this.context?.changed(),
        mutated: () => this.options.onMutation?.(),
        record: async (pid) => {
          try {
            const now = await this.readState(state.id);
            if (now?.revision === state.revision) await this.writeState({ ...now, pid });
          } catch (error) {
            // The program runs either way; a restarted agent then finds it by its marker.
            this.context?.emit({
              workload: state.id,
              node: active.app,
              reason: 'state-not-saved',
              message: `could not save the state of ${active.app}: ${(error as Error).message}`,
            });
          }
        },
        ...(state.previous && !state.rolledBack
          ? { crashLooping: () => void this.rollBack(state.id) }
          : {}),
      },
    );
    this.runners.set(state.id, runner);
    await runner.start(adopt);
  }

  private async remove(id: string): Promise<void> {
    const runner = this.runners.get(id);
    this.runners.delete(id);
    if (runner) await runner.stop();
    else
      for (const pid of await processesOf(id)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    await removeLimits(id);
    const dir = this.dir(id);
    // Version folders are read-only; make them writable again to delete them.
    for (const v of await readdir(join(dir, 'versions')).catch(() => [] as string[]))
      execFileSync('chmod', ['-R', 'u+w', join(dir, 'versions', v)]);
    await rm(dir, { recursive: true, force: true });
    this.options.onMutation?.();
  }

  /** The program's output (stdout and stderr, one rotated file). */
  async logs(request: LogsRequest, sink: OutputSink): Promise<void> {
    const path = join(this.dir(request.workload.id), 'logs', 'output.log');
    if (!existsSync(path)) throw new Error('the program has written no output on this host yet');
    await streamProgramLog(path, { tail: request.tail, follow: request.follow }, sink);
  }

  /** Leaves the programs running: a restarted agent adopts them. */
  async close(): Promise<void> {
    for (const runner of this.runners.values()) runner.detach();
    this.runners.clear();
  }
}
