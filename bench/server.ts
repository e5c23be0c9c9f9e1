import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  url: string;
  child: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200; returns the milliseconds since `since`. */
export async function waitFor(url: string, since: number, timeoutMs = 60_000): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    try {
      if ((await fetch(url)).status === 200) return performance.now() - since;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** Starts `command` (e.g. `npm start`) with Berth settings and waits for /readyz. */
export async function startServer(options: {
  command: string[];
  port: number;
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<RunningServer & { readyMs: number }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const since = performance.now();
  const child = spawn(options.command[0]!, options.command.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      BERTH_PORT: String(options.port),
      BERTH_DATA_DIR: dataDir,
      BERTH_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${options.port}`;
  let readyMs: number;
  try {
    readyMs = await waitFor(`${url}/readyz`, since);
  } catch (error) {
    process.kill(-child.pid!, 'SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url,
    child,
    dataDir,
    readyMs,
    async stop() {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const randomKey = () => randomBytes(32).toString('base64');
