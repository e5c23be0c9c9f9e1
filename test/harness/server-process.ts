import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { copyPgliteTemplate, type Templates } from '../../apps/server/src/testing/test-database.js';
import { freePort } from './free-port.js';

/** What `npm start` runs: the bundled control plane. */
export const serverMain = fileURLToPath(
  new URL('../../apps/server/dist/berth-server.mjs', import.meta.url),
);

export interface ServerProcessOptions {
  /** Database templates from the global setup; with a PGlite template the data folder starts migrated. */
  templates?: Templates;
  /** Start from an empty data folder (a true first start, ~4 s for PGlite). */
  fresh?: boolean;
  /** Use the embedded database even when TEST_DATABASE_URL is set. */
  embedded?: boolean;
  /** Reuse a data folder (e.g. to restart a server). */
  dataDir?: string;
  env?: Record<string, string>;
  adminPassword?: string;
  port?: number;
  /** Run `npm start`'s launcher (server + embedded local agent) instead of the server alone. */
  launcher?: boolean;
  /** The server serves HTTPS (BERTH_TLS_CERT/KEY in `env`). */
  https?: boolean;
}

/** `npm start`'s launcher: the bundled server and the embedded agent of the node `local`. */
export const launcherMain = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

/**
 * The real control plane as a child process (`node apps/server/dist/main.js`), on a free
 * port with its own data folder; on Postgres when TEST_DATABASE_URL is set (a fresh
 * database per server). For tests of start-up, signals, the CLI and anything else that
 * must see the process from outside.
 */
export class ServerProcess {
  stdout = '';
  stderr = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly port: number,
    readonly dataDir: string,
    readonly env: Record<string, string>,
    private readonly cleanup: () => Promise<void>,
  ) {
    child.stdout?.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static async start(options: ServerProcessOptions = {}): Promise<ServerProcess> {
    const port = options.port ?? (await freePort());
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-srv-'));
    const env: Record<string, string> = {
      BERTH_PORT: String(port),
      BERTH_HOST: '127.0.0.1',
      BERTH_DATA_DIR: dataDir,
      BERTH_LOG_LEVEL: 'info',
      ...(options.adminPassword ? { BERTH_ADMIN_PASSWORD: options.adminPassword } : {}),
      ...options.env,
    };
    let dropDatabase = async () => {};
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (baseUrl && !options.embedded && !env.DATABASE_URL && !options.dataDir) {
      const name = `berth_srv_${randomBytes(6).toString('hex')}`;
      await adminQuery(baseUrl, `create database ${name}`);
      const u = new URL(baseUrl);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
      env.BERTH_MASTER_KEY ??= randomBytes(32).toString('base64');
      dropDatabase = () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
    } else if (
      !env.DATABASE_URL &&
      !options.fresh &&
      !options.dataDir &&
      options.templates?.pgliteDir
    ) {
      mkdirSync(dataDir, { recursive: true });
      copyPgliteTemplate(options.templates, join(dataDir, 'db'));
    }
    const child = spawn(process.execPath, [options.launcher ? launcherMain : serverMain], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ownsDir = !options.dataDir;
    const server = new ServerProcess(
      child,
      `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`,
      port,
      dataDir,
      env,
      async () => {
        await dropDatabase();
        if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      },
    );
    await server.waitReady();
    return server;
  }

  /** Resolves when /readyz answers 200; rejects if the process exits first. */
  async waitReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((c) => {
      exitCode = c;
    });
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new Error(
          `server exited with ${exitCode} before it was ready:\n${this.stderr}\n${this.stdout}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server not ready after ${timeoutMs} ms:\n${this.stderr}`);
  }

  /** Sends `signal` and waits for the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }

  /** Stops the process and deletes its data folder and database. */
  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    await this.cleanup();
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
