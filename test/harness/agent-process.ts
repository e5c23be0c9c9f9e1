import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `berth-agent` (run `npx tsc -b` first). */
export const agentMain = fileURLToPath(new URL('../../apps/agent/dist/main.js', import.meta.url));

/** What a one-shot command (join, status) printed, and its exit code. */
export interface AgentCommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A temp state directory for an agent; remove it with `rmSync` or `AgentProcess.dispose`. */
export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'berth-agent-e2e-'));
}

function agentEnv(extra: Record<string, string> = {}): Record<string, string> {
  // A clean environment: no DOCKER_HOST or XDG_RUNTIME_DIR from the developer's shell.
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra };
}

/** Runs `berth-agent ARGS` to completion (join, status…). */
export function runAgentCommand(
  args: string[],
  env: Record<string, string> = {},
): Promise<AgentCommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [agentMain, ...args], {
      env: agentEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `berth-agent run` as a child process, for tests that must see the agent from outside:
 * signals, kill -9, exit codes, its JSON log lines and its status.json.
 */
export class AgentProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly stateDir: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts `berth-agent run --state-dir DIR ARGS…` (with `--engine none` unless given). */
  static run(
    stateDir: string,
    args: string[] = [],
    env: Record<string, string> = {},
  ): AgentProcess {
    const engine = args.includes('--engine') ? [] : ['--engine', 'none'];
    const child = spawn(
      process.execPath,
      [agentMain, 'run', '--state-dir', stateDir, ...engine, ...args],
      { env: agentEnv(env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new AgentProcess(child, stateDir);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The JSON log lines written so far (stderr), parsed; other lines are skipped. */
  logs(): Array<Record<string, unknown>> {
    return this.stderr.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Resolves with the first log line whose `msg` is `msg` (and that `match` accepts). */
  waitForLog(
    msg: string,
    match: (line: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Record<string, unknown>> {
    return this.waitFor(
      () => this.logs().find((line) => line.msg === msg && match(line)),
      timeoutMs,
      `log "${msg}"`,
    );
  }

  /** Resolves with the first line of stdout or stderr matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return this.waitFor(
      () => `${this.stdout}\n${this.stderr}`.split('\n').find((line) => pattern.test(line)),
      timeoutMs,
      `a line matching ${pattern}`,
    );
  }

  /** status.json as `run` last wrote it, or undefined. */
  status(): Record<string, unknown> | undefined {
    try {
      return JSON.parse(readFileSync(join(this.stateDir, 'status.json'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Resolves with status.json once `check` accepts it. */
  waitForStatus(
    check: (status: Record<string, unknown>) => boolean,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    return this.waitFor(
      () => {
        const status = this.status();
        return status && check(status) ? status : undefined;
      },
      timeoutMs,
      'status.json',
    );
  }

  /** Sends `signal` (SIGTERM by default) and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Kills the process (SIGKILL) and removes its state directory. */
  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  private async waitFor<T>(
    check: () => T | undefined,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(`berth-agent: timed out waiting for ${what}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
