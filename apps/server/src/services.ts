import { defaultFleetOptions, Fleet, type FleetOptions } from './agents/fleet.js';
import { AuthCache } from './auth/auth-cache.js';
import { startAuthEvents } from './auth/auth-events.js';
import {
  defaultLoginThrottlePolicy,
  LoginThrottle,
  type LoginThrottlePolicy,
} from './auth/login-throttle.js';
import type { BlobStore } from './blobs/blob-store.js';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import type { AppDeps, Settings } from './deps.js';
import { createMetrics } from './http/metrics.js';
import { InstanceController } from './instances/instance-controller.js';
import type { Keyring } from './secrets/keyring.js';
import { createSecretStore } from './secrets/secret-store.js';

export interface ServiceOptions {
  database: Database;
  clock: Clock;
  keyring: Keyring;
  settings: Settings;
  blobs: BlobStore;
  loginThrottle?: Partial<LoginThrottlePolicy>;
  /** How long an authenticated principal is cached; 0 turns caching off. */
  authCacheTtlMs?: number;
  onPasswordChanged?: (username: string) => void;
  fleet?: Partial<FleetOptions>;
  /** How often the instance controller looks at instances. */
  controllerIntervalMs?: number;
}

export interface Services extends AppDeps {
  /** Stops background listeners; the database is closed by whoever opened it. */
  stop(): Promise<void>;
}

/** Builds the control plane's services over an open, migrated database. */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const { database, clock } = options;
  const authCache = new AuthCache({ ttlMs: options.authCacheTtlMs ?? 10_000, maxEntries: 50_000 });
  const authEvents = await startAuthEvents(database, authCache);
  const loginThrottle = new LoginThrottle(
    { db: database.db, clock },
    { ...defaultLoginThrottlePolicy, ...options.loginThrottle },
  );
  const secrets = createSecretStore(options.keyring);
  const fleet = new Fleet(database, clock, { ...defaultFleetOptions, ...options.fleet }, secrets);
  await fleet.start();
  const instanceController = new InstanceController(
    { database, clock, fleet, secrets },
    options.controllerIntervalMs ?? 2_000,
  );
  instanceController.start();
  return {
    database,
    db: database.db,
    clock,
    authCache,
    authEvents,
    loginThrottle,
    secrets,
    blobs: options.blobs,
    instanceController,
    metrics: createMetrics(),
    fleet,
    settings: options.settings,
    ...(options.onPasswordChanged ? { onPasswordChanged: options.onPasswordChanged } : {}),
    stop: async () => {
      await instanceController.stop();
      await fleet.stop();
      await authEvents.stop();
    },
  };
}
