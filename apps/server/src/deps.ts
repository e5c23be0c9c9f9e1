import type { Registry } from 'prom-client';
import type { Fleet } from './agents/fleet.js';
import type { AuthCache } from './auth/auth-cache.js';
import type { AuthEvents } from './auth/auth-events.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { BlobStore } from './blobs/blob-store.js';
import type { Clock } from './clock.js';
import type { Database, Db } from './db/database.js';
import type { InstanceController } from './instances/instance-controller.js';
import type { SecretStore } from './secrets/secret-store.js';

/** Settings the HTTP layer and use-cases need, already validated by `config.ts`. */
export interface Settings {
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** How long a console/CLI session lasts. */
  sessionTtlMs: number;
  /** Whether the session cookie is marked Secure (the server is reached over HTTPS). */
  secureCookies: boolean;
  /** The address users and agents reach the server at. */
  publicUrl: string;
  /** How long a node's join token stays valid. */
  joinTokenTtlMs: number;
  /** `sha256:AB:CD:…` of the server's TLS certificate, put in join commands; null without TLS. */
  tlsFingerprint: string | null;
  /** Largest light app package accepted, in bytes (64 MiB when unset). */
  packageLimit?: number;
}

/**
 * Everything the control plane's use-cases and routes are handed. Built once by the
 * composition root (`main.ts`) or by a test; nothing else constructs these.
 */
export interface AppDeps {
  database: Database;
  db: Db;
  clock: Clock;
  authCache: AuthCache;
  authEvents: AuthEvents;
  loginThrottle: LoginThrottle;
  secrets: SecretStore;
  /** Uploaded bytes (light app packages), by sha256. */
  blobs: BlobStore;
  metrics: Registry;
  /** The agents connected to this replica, and the desired states they are sent. */
  fleet: Fleet;
  /** Drives instances from what their hosts report (deadlines, rollbacks, deletion). */
  instanceController: InstanceController;
  settings: Settings;
  /** Told when a user changes their password (e.g. to remove the initial-password file). */
  onPasswordChanged?: (username: string) => void;
}
