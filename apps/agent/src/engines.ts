import { createPrivateKey } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { instanceWorkloadKind, processWorkloadKind } from '@berth/spec';
import { driverStateFile } from './engines/docker/driver-state.js';
import { LazyDriver } from './engines/lazy-driver.js';
import { defaultAppsDir } from './engines/process/reachable.js';
import type { EngineDriver } from './reconcile/engine-driver.js';
import { NoopDriver } from './reconcile/noop-driver.js';

/** What the drivers need from the command line. */
export interface DriverOptions {
  stateDir: string;
  /** `none`: instance workloads are reported failed ("no container engine on this host"). */
  engine: 'auto' | 'none';
  /** Unix sockets of a Docker Engine API, in the order to try (`engineSockets()`). */
  engineSockets: string[];
  /** Root of the instances' volumes (`--storage-dir`); default `<stateDir>/volumes`. */
  storageDir?: string;
  /**
   * Where light apps live; default `<stateDir>-apps`: beside the state folder, not in it,
   * because the state folder is 0700 and the programs' user must reach its own files —
   * or, when even that is out of the user's reach, a folder under /var/lib/berth/apps
   * (`defaultAppsDir`).
   */
  appsDir?: string;
}

/**
 * The engine drivers this agent carries, one per workload kind, in one list read top to
 * bottom; each passes the shared contract suite (engines/driver-contract.ts).
 * - `noop`: in memory, for tests of the session and the reconciler.
 * - `instance`: containers through the Docker Engine API (Docker, Podman), loaded only
 *   once an instance workload exists on this host.
 * - `process`: light apps as host processes, loaded once one is desired or on disk.
 */
export function createDrivers(options?: DriverOptions): EngineDriver[] {
  const drivers: EngineDriver[] = [new NoopDriver()];
  if (!options) return drivers;
  drivers.push(
    new LazyDriver(
      instanceWorkloadKind,
      async () => {
        const { DockerDriver } = await import('./engines/docker/docker-driver.js');
        return new DockerDriver({
          sockets: options.engineSockets,
          engine: options.engine,
          stateDir: options.stateDir,
          ...(options.storageDir ? { storageDir: options.storageDir } : {}),
        });
      },
      () =>
        access(join(options.stateDir, driverStateFile)).then(
          () => true,
          () => false,
        ),
    ),
  );
  let appsDir: Promise<string> | undefined;
  // A user no directory names as owner or group: the system user programs run as, made
  // on first use, passes a directory only by its "other" bits.
  const anyOtherUser = { uid: -1, gid: -1 };
  const appsDirOf = () => {
    appsDir ??= options.appsDir
      ? Promise.resolve(options.appsDir)
      : defaultAppsDir(options.stateDir, process.getuid?.() === 0 ? anyOtherUser : undefined);
    return appsDir;
  };
  drivers.push(
    new LazyDriver(
      processWorkloadKind,
      async () => {
        const [{ ProcessDriver }, { nodeSignedHeaders }, { StateStore }] = await Promise.all([
          import('./engines/process/process-driver.js'),
          import('./engines/process/package-fetch.js'),
          import('./state/state-store.js'),
        ]);
        const credential = await (
          await StateStore.open(options.stateDir, { create: false })
        ).loadCredential();
        if (!credential)
          throw new Error('the node has not joined: no credential to fetch packages with');
        const key = createPrivateKey(credential.privateKeyPem);
        // Packages come from the server the node joined, with its certificate pinned.
        const pinned = credential.fingerprint
          ? (await import('./tls/pinned-fetch.js')).pinnedFetch(credential.fingerprint)
          : undefined;
        return new ProcessDriver({
          appsDir: await appsDirOf(),
          serverUrl: credential.server,
          headers: (sha256) => nodeSignedHeaders(credential.nodeId, key, sha256),
          ...(pinned ? { fetch: pinned } : {}),
        });
      },
      async () =>
        access(await appsDirOf()).then(
          () => true,
          () => false,
        ),
    ),
  );
  return drivers;
}
