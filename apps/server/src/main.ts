#!/usr/bin/env node
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { systemClock } from './clock.js';
import { type Config, ConfigError, configHelp, loadConfig } from './config.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { loadKeyring } from './secrets/key-file.js';

/**
 * The composition root: configuration → database → services → HTTP. The only module
 * that reads the environment or the command line, and the only one that builds
 * long-lived objects.
 *
 * Start-up time is a feature (`npm start` answers /readyz in about 2 s): this module
 * imports little, and loads the rest of the server while the database opens (PGlite
 * waits on its files part of that time).
 */

const shutdownTimeoutMs = 25_000;
const listenBacklog = 4096;

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The server's modules, loaded while the database opens. */
async function loadServer() {
  const [services, firstStart, local, migrations, http, blobs] = await Promise.all([
    import('./services.js'),
    import('./bootstrap/first-start.js'),
    import('./bootstrap/local-cluster.js'),
    import('./db/migrate.js'),
    import('./app.js'),
    import('./blobs/file-blob-store.js'),
  ]);
  return { ...services, ...firstStart, ...local, ...migrations, ...http, ...blobs };
}

async function openStorage(config: Config) {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const embedded = !config.databaseUrl;
  const unlock = embedded ? lockDataDir(config.dataDir) : () => {};
  try {
    const { keyring, keyFileCreated } = loadKeyring({ ...config, embedded });
    if (keyFileCreated) {
      say(`Generated the master key for secrets at rest: ${keyFileCreated} (back it up)`);
    }
    const database = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: join(config.dataDir, 'db') },
    );
    return { keyring, database, unlock };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The TLS certificate and key, when configured, and the fingerprint agents pin. */
function loadTls(config: Config) {
  if (!config.tlsCert || !config.tlsKey) return undefined;
  const cert = readFileSync(config.tlsCert);
  const key = readFileSync(config.tlsKey);
  return { cert, key, fingerprint: `sha256:${new X509Certificate(cert).fingerprint256}` };
}

async function prepare(config: Config) {
  const tls = loadTls(config);
  const [storage, server] = await Promise.all([openStorage(config), loadServer()]);
  const { database, keyring } = storage;
  try {
    await server.migrate(database);
    const passwordFile = join(config.dataDir, 'initial-admin-password');
    const services = await server.createServices({
      database,
      clock: systemClock,
      keyring,
      blobs: await server.createFileBlobStore(join(config.dataDir, 'blobs')),
      settings: {
        bodyLimit: config.bodyLimit,
        packageLimit: config.packageLimitMi * 1024 * 1024,
        sessionTtlMs: config.sessionTtlHours * 3_600_000,
        secureCookies: config.publicUrl.startsWith('https://'),
        publicUrl: config.publicUrl,
        joinTokenTtlMs: config.joinTokenTtlHours * 3_600_000,
        tlsFingerprint: tls?.fingerprint ?? null,
      },
      onPasswordChanged: (username) => {
        // The file may be gone already (a configured password, or a later change).
        if (username === server.adminUsername) rmSync(passwordFile, { force: true });
      },
    });
    const missing = await services.secrets.missingKeyIds(database.db);
    if (missing.length > 0) {
      throw new Error(
        `Stored secrets are sealed with master key(s) ${missing.join(', ')}, which are not configured: ` +
          'set BERTH_MASTER_KEY (or BERTH_PREVIOUS_MASTER_KEYS) to the key(s) used before',
      );
    }
    return { ...storage, server, services, passwordFile, tls };
  } catch (error) {
    await database.close();
    storage.unlock();
    throw error;
  }
}

/** What the embedded agent needs to run the `local` node in this process. */
export interface LocalAgentHandoff {
  server: string;
  stateDir: string;
  node: string;
  /** Only until the node has joined. */
  joinToken?: string;
  fingerprint?: string;
}

/** A running control plane, for the process that started it. */
export interface RunningServer {
  url: string;
  localAgent?: LocalAgentHandoff;
  logger: FastifyInstance['log'];
  /** Finishes requests in flight, closes the database; resolves when done. */
  stop(reason: string): Promise<void>;
}

async function serve(config: Config): Promise<RunningServer> {
  const phases: Record<string, number> = { serve: Math.round(performance.now()) };
  const mark = (phase: string) => {
    phases[phase] = Math.round(performance.now());
  };
  const { database, server, services, unlock, passwordFile, tls } = await prepare(config);
  mark('prepared');
  const first = await server.ensurePlatformAdmin(
    { database, clock: systemClock },
    config.adminPassword,
  );
  if (first.generatedPassword) {
    writeFileSync(passwordFile, `${first.generatedPassword}\n`, { mode: 0o600 });
  }
  const local = config.localAgent
    ? await server.ensureLocalCluster(
        { database, clock: systemClock },
        config.joinTokenTtlHours * 3_600_000,
      )
    : undefined;
  mark('admin');
  const app = await server.buildApp(services, {
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    consoleDir: config.consoleDir,
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
  });
  mark('http');
  // After a restart every agent reconnects within seconds (10,000 in the fleet benchmark):
  // Node's default backlog of 511 overflowed, and each dropped handshake cost its agent
  // the kernel's retransmission backoff (1, 2, 4, 8… s). The kernel caps it at somaxconn.
  await app.listen({ port: config.port, host: config.host, backlog: listenBacklog });
  mark('listening');
  app.log.debug({ msSinceProcessStart: phases }, 'start-up timings');

  say('');
  say(
    `Berth ${server.apiVersion} is running at ${config.publicUrl}  (ready ${phases.listening} ms after start)`,
  );
  say(`  Web console: ${config.publicUrl}/`);
  say(`  API reference: ${config.publicUrl}/api/docs`);
  say(
    `  Database: ${database.kind === 'pglite' ? `embedded, in ${join(config.dataDir, 'db')}` : 'Postgres (DATABASE_URL)'}`,
  );
  if (first.generatedPassword) {
    say(
      `  Sign in as "${server.adminUsername}" with this password (shown once; also in ${passwordFile}):`,
    );
    say(`    ${first.generatedPassword}`);
    say('  You will be asked to choose a new one at the first sign-in.');
  } else if (first.created) {
    say(
      `  Sign in as "${server.adminUsername}" with BERTH_ADMIN_PASSWORD; you will be asked to change it.`,
    );
  }
  say('');
  const loopback = `${tls ? 'https' : 'http'}://127.0.0.1:${config.port}`;
  return {
    url: config.publicUrl,
    logger: app.log,
    ...(local
      ? {
          localAgent: {
            server:
              config.host === '127.0.0.1' || config.host === '0.0.0.0'
                ? loopback
                : config.publicUrl,
            stateDir: join(config.dataDir, 'local-agent'),
            node: server.localNodeName,
            ...(local.joinToken ? { joinToken: local.joinToken } : {}),
            ...(tls ? { fingerprint: tls.fingerprint } : {}),
          },
        }
      : {}),
    stop: async (reason) => {
      app.lifecycle.closing = true;
      app.log.info({ reason }, 'shutting down: finishing requests in flight');
      try {
        await app.close();
        await services.stop();
        await database.close();
        app.log.info('stopped: database closed cleanly');
      } finally {
        unlock();
      }
    },
  };
}

/**
 * Exits cleanly on SIGTERM/SIGINT: `beforeStop` first (e.g. the embedded agent), then the
 * server; a second signal or a shutdown past 25 s forces the exit.
 */
export function exitOnSignals(server: RunningServer, beforeStop?: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      server.logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    const force = setTimeout(() => {
      server.logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    try {
      await beforeStop?.();
      await server.stop(signal);
      process.exit(0);
    } catch (error) {
      server.logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function rotateSecrets(config: Config): Promise<void> {
  const { database, services, unlock, keyring } = await prepare(config);
  try {
    const count = await services.secrets.rotate(database.db);
    say(`Re-sealed ${count} secret(s) under master key ${keyring.primary.id}`);
  } finally {
    await services.stop();
    await database.close();
    unlock();
  }
}

/**
 * Starts the control plane from command-line arguments and environment variables (the
 * composition root's inputs) and returns it running. `berth-server` and `npm start`'s
 * launcher (which also runs the embedded agent) both come through here.
 * @throws ConfigError for bad settings; Error for anything that stops the start.
 */
export async function runServer(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<RunningServer> {
  return serve(loadConfig(env, argv));
}

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const command = first && !first.startsWith('-') ? first : 'serve';
  const args = command === first ? rest : argv;
  if (args.includes('--help') || args.includes('-h') || command === 'help') {
    process.stdout.write(`${configHelp()}\n`);
    return;
  }
  const config = loadConfig(process.env, args);
  if (command === 'serve') {
    // Run on its own, the server leaves the local node to a separate berth-agent.
    exitOnSignals(await serve({ ...config, localAgent: false }));
    return;
  }
  if (command === 'rotate-secrets') return rotateSecrets(config);
  throw new ConfigError([`unknown command "${command}" (see --help)`]);
}

/** Whether this module is the program being run (and not imported by a launcher). */
function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

export function reportStartFailure(error: unknown): never {
  say(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof ConfigError ? 2 : 1);
}

if (isEntryPoint()) main(process.argv.slice(2)).catch(reportStartFailure);
