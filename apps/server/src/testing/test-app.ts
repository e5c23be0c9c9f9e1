import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import type { LoginThrottlePolicy } from '../auth/login-throttle.js';
import { createFileBlobStore } from '../blobs/file-blob-store.js';
import { adminUsername, ensurePlatformAdmin } from '../bootstrap/first-start.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { Settings } from '../deps.js';
import { createKeyring, parseMasterKey } from '../secrets/keyring.js';
import { createServices, type Services } from '../services.js';
import { LogCapture } from './log-capture.js';
import { TestClock } from './test-clock.js';
import { openTestDatabase, type Templates, type TestDatabase } from './test-database.js';

export const testMasterKey = 'dGVzdC1tYXN0ZXIta2V5LXRlc3QtbWFzdGVyLWtleSE=';
export const initialAdminPassword = 'initial-admin-password';
export const adminPassword = 'platform-root-passphrase-2';

export interface TestAppOptions {
  clock?: Clock;
  loginThrottle?: Partial<LoginThrottlePolicy>;
  authCacheTtlMs?: number;
  settings?: Partial<Settings>;
  /** Share another test app's database (a second replica). */
  database?: Database;
  fleet?: Partial<import('../agents/fleet.js').FleetOptions>;
  controllerIntervalMs?: number;
  /** Serve the web console built in this folder at `/`. */
  consoleDir?: string;
}

export interface CallOptions {
  token?: string;
  account?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/**
 * A control plane built in-process on a fresh database, driven through `app.inject()`
 * (no port, no sleeps). Holds helpers for the arrangements most tests need.
 */
export class TestApp {
  private adminTokenValue: string | undefined;

  private constructor(
    readonly app: FastifyInstance,
    readonly services: Services,
    readonly clock: Clock,
    readonly logs: LogCapture,
    private readonly owned: TestDatabase | undefined,
    /** The blob store's folder, removed at close. */
    readonly blobDir: string,
  ) {}

  static async create(templates: Templates, options: TestAppOptions = {}): Promise<TestApp> {
    const owned = options.database ? undefined : await openTestDatabase(templates);
    const database = options.database ?? owned!.database;
    const clock = options.clock ?? new TestClock();
    const blobDir = mkdtempSync(join(tmpdir(), 'berth-test-blobs-'));
    const services = await createServices({
      database,
      clock,
      blobs: await createFileBlobStore(blobDir),
      keyring: createKeyring(parseMasterKey(testMasterKey, 'test key')),
      settings: {
        bodyLimit: 64 * 1024,
        sessionTtlMs: 12 * 3_600_000,
        secureCookies: false,
        publicUrl: 'http://berth.test',
        joinTokenTtlMs: 24 * 3_600_000,
        tlsFingerprint: null,
        ...options.settings,
      },
      loginThrottle: { baseDelayMs: 1, ...options.loginThrottle },
      ...(options.authCacheTtlMs !== undefined ? { authCacheTtlMs: options.authCacheTtlMs } : {}),
      ...(options.fleet ? { fleet: options.fleet } : {}),
      ...(options.controllerIntervalMs
        ? { controllerIntervalMs: options.controllerIntervalMs }
        : {}),
    });
    await ensurePlatformAdmin({ database, clock }, initialAdminPassword);
    const logs = new LogCapture();
    const app = await buildApp(services, {
      logLevel: 'debug',
      logStream: logs,
      ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    });
    await app.ready();
    return new TestApp(app, services, clock, logs, owned, blobDir);
  }

  get db() {
    return this.services.db;
  }

  inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject(options);
  }

  call(method: InjectOptions['method'], url: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.account) headers['berth-account'] = options.account;
    return this.app.inject({
      method,
      url,
      headers,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { payload: options.body as InjectOptions['payload'] } : {}),
    });
  }

  /** Signs in; returns the session token. Fails the test on anything but 200. */
  async login(username: string, password: string): Promise<string> {
    const res = await this.call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return res.json<{ token: string }>().token;
  }

  /**
   * A personal token of the platform admin (it does not expire, so tests may move the
   * clock); the first-start password is changed on first use.
   */
  async adminToken(): Promise<string> {
    if (this.adminTokenValue) return this.adminTokenValue;
    const first = await this.call('POST', '/api/v1/auth/login', {
      body: { username: adminUsername, password: initialAdminPassword },
    });
    let session: string;
    if (
      first.statusCode === 200 &&
      first.json<{ mustChangePassword: boolean }>().mustChangePassword
    ) {
      session = first.json<{ token: string }>().token;
      const res = await this.call('POST', '/api/v1/auth/password', {
        token: session,
        body: { currentPassword: initialAdminPassword, newPassword: adminPassword },
      });
      if (res.statusCode !== 204)
        throw new Error(`admin password change: ${res.statusCode} ${res.body}`);
    } else {
      session = await this.login(adminUsername, adminPassword);
    }
    const pat = await this.call('POST', '/api/v1/tokens', {
      token: session,
      body: { name: 'test admin' },
    });
    if (pat.statusCode !== 201) throw new Error(`admin token: ${pat.statusCode} ${pat.body}`);
    this.adminTokenValue = pat.json<{ token: string }>().token;
    return this.adminTokenValue;
  }

  async createAccount(name: string, type = 'isv'): Promise<void> {
    const res = await this.call('POST', '/api/v1/accounts', {
      token: await this.adminToken(),
      body: { name, type },
    });
    if (res.statusCode !== 201)
      throw new Error(`create account ${name}: ${res.statusCode} ${res.body}`);
  }

  async createUser(
    username: string,
    password = `correct-horse-${randomBytes(6).toString('hex')}`,
  ): Promise<string> {
    const res = await this.call('POST', '/api/v1/users', {
      token: await this.adminToken(),
      body: { username, password },
    });
    if (res.statusCode !== 201)
      throw new Error(`create user ${username}: ${res.statusCode} ${res.body}`);
    return password;
  }

  async setMember(account: string, username: string, role: string): Promise<void> {
    const res = await this.call('PUT', `/api/v1/accounts/${account}/members/${username}`, {
      token: await this.adminToken(),
      body: { role },
    });
    if (res.statusCode !== 200)
      throw new Error(`set member ${username}: ${res.statusCode} ${res.body}`);
  }

  /** Creates a user, makes them a member with `role`, signs them in; returns the token. */
  async member(account: string, username: string, role: string): Promise<string> {
    const password = await this.createUser(username);
    await this.setMember(account, username, role);
    return this.login(username, password);
  }

  /** Listens on a free port of 127.0.0.1 (for WebSocket tests); returns the base URL. */
  async listen(): Promise<string> {
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    const address = this.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening on TCP');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.services.stop();
    await this.owned?.dispose();
    rmSync(this.blobDir, { recursive: true, force: true });
  }
}
