import { request } from 'node:http';

/**
 * The real container engine for tests: Podman's Docker-compatible API on a unix socket,
 * set up by `scripts/engine/setup-podman.sh` with the images of `scripts/test-images/build.sh`
 * (docs/podman.md). Plain node:http over the socket, so the harness needs no dependency.
 */

/** Where setup-podman.sh starts the API service (DOCKER_HOST=unix://…). */
export const DEFAULT_ENGINE_SOCKET = '/run/berth-podman/podman.sock';

/** Podman 4.3 answers Docker Engine API 1.41. */
export const ENGINE_API_VERSION = '1.41';

/** The images built by scripts/test-images/build.sh. */
export const TEST_IMAGES = {
  /** busybox httpd: /healthz 200, / = $GREETING, /version; env PORT (8080), GREETING. */
  web: 'localhost/berth-test/web:1',
  /** The same server with another default GREETING and /version 2, for upgrades. */
  web2: 'localhost/berth-test/web:2',
  /** Prints an error and exits $EXIT_CODE (1) after $FAIL_AFTER s (0): a crash loop. */
  fail: 'localhost/berth-test/fail:1',
  /** Listens on $PORT but answers 500 to everything, /healthz included. */
  hang: 'localhost/berth-test/hang:1',
  /** One-shot job: prints args and env, SLEEP=N, FAIL=1, touches $MARKER (/data/init-done). */
  init: 'localhost/berth-test/init:1',
  /** Debian's redis-server on 6379; `redis-cli ping` for exec health checks. */
  redis: 'localhost/berth-test/redis:1',
  /** Optional: Debian's PostgreSQL, trust auth, `pg_isready`; env POSTGRES_USER/POSTGRES_DB. */
  postgres: 'localhost/berth-test/postgres:1',
  /** Optional: Debian's MariaDB, root without password from anywhere; `mariadb-admin ping`. */
  mariadb: 'localhost/berth-test/mariadb:1',
} as const;

/**
 * Ulimits that crun can apply on this machine (the sandbox caps RLIMIT_NOFILE at 20000 and
 * grants no CAP_SYS_RESOURCE). Containers created WITHOUT HostConfig.Ulimits get exactly these
 * from the containers.conf drop-in that setup-podman.sh writes. A request that sets ANY ulimit
 * replaces that default entirely: Podman then fills the missing one with 1048576 and the start
 * fails with "setrlimit … Operation not permitted" — so set both nofile and nproc, or neither.
 */
export const ENGINE_ULIMITS = [
  { Name: 'nofile', Soft: 1024, Hard: 1024 },
  { Name: 'nproc', Soft: 1024, Hard: 1024 },
] as const;

const SETUP_HINT =
  'run (as root) `scripts/engine/setup-podman.sh && scripts/test-images/build.sh`, ' +
  'then `source scripts/engine/engine-env.sh` (DOCKER_HOST) — see docs/podman.md';

/** The engine's unix socket: DOCKER_HOST (unix:// only) or the setup script's default path. */
export function engineSocket(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DOCKER_HOST;
  if (!host) return DEFAULT_ENGINE_SOCKET;
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  throw new Error(`DOCKER_HOST=${host}: the test harness only speaks to unix:// sockets`);
}

export interface EngineResponse<T = unknown> {
  status: number;
  /** Parsed JSON when the engine sent JSON, otherwise the text. */
  body: T;
  raw: Buffer;
}

export interface EngineRequestOptions {
  socketPath?: string;
  timeoutMs?: number;
}

/**
 * One Docker Engine API call over the unix socket. `path` is without the version prefix
 * (`/containers/json?all=1`); a JSON body is sent when `body` is given.
 */
export function engineRequest<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  options: EngineRequestOptions = {},
): Promise<EngineResponse<T>> {
  const socketPath = options.socketPath ?? engineSocket();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path: `/v${ENGINE_API_VERSION}${path}`,
        headers: {
          host: 'docker',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': payload.length }
            : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          let parsed: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
            try {
              parsed = JSON.parse(text);
            } catch {
              // leave it as text
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T, raw });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`engine ${method} ${path} timed out after ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** True when the engine answers GET /version within the timeout. */
export async function engineAvailable(timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await engineRequest('GET', '/version', undefined, { timeoutMs });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** True when the engine has the image (e.g. TEST_IMAGES.web). */
export async function imageAvailable(ref: string): Promise<boolean> {
  const res = await engineRequest('GET', `/images/${encodeURIComponent(ref)}/json`);
  return res.status === 200;
}

function isCi(): boolean {
  return ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
}

/**
 * For a test file that needs the engine (and optionally some test images):
 *
 *   const noEngine = await requireEngine({ images: [TEST_IMAGES.web] });
 *   describe.skipIf(noEngine)('…', () => { … });
 *
 * Resolves to undefined when everything is there. Otherwise: under CI=true it throws (CI
 * installs the engine, so its absence is a failure, never a silent skip); elsewhere it warns
 * loudly with how to set the engine up and resolves to the reason to skip.
 */
export async function requireEngine(
  options: { images?: readonly string[] } = {},
): Promise<string | undefined> {
  let reason: string | undefined;
  let socket = DEFAULT_ENGINE_SOCKET;
  try {
    socket = engineSocket();
    if (!(await engineAvailable())) {
      reason = `no container engine answers on unix://${socket}`;
    } else {
      const missing: string[] = [];
      for (const image of options.images ?? []) {
        if (!(await imageAvailable(image))) missing.push(image);
      }
      if (missing.length > 0) reason = `test image(s) missing: ${missing.join(', ')}`;
    }
  } catch (err) {
    reason = (err as Error).message;
  }
  if (!reason) return undefined;
  const message = `${reason}; ${SETUP_HINT}`;
  if (isCi()) throw new Error(`container engine required under CI: ${message}`);
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING container-engine tests: ${message}\n${'!'.repeat(78)}\n`,
  );
  return reason;
}

/** Docker filter for a label selector: `key` (any value) or `key=value`. */
function labelFilter(labelSelector: string): string {
  return encodeURIComponent(JSON.stringify({ label: [labelSelector] }));
}

/**
 * Removes every container (forced, with its anonymous volumes), network and volume carrying
 * the label selector, e.g. `berth.instance=${instance}` — what a test created. Returns what
 * it removed. Containers go first: a network or volume in use cannot be removed.
 */
export async function removeTestContainers(
  labelSelector: string,
): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filter = labelFilter(labelSelector);
  const removed = { containers: [] as string[], networks: [] as string[], volumes: [] as string[] };

  const containers = await engineRequest<{ Id: string }[]>(
    'GET',
    `/containers/json?all=true&filters=${filter}`,
  );
  for (const c of containers.body) {
    const res = await engineRequest('DELETE', `/containers/${c.Id}?force=true&v=true`);
    if (res.status < 300 || res.status === 404) removed.containers.push(c.Id);
    else throw new Error(`removing container ${c.Id}: ${res.status} ${res.raw.toString()}`);
  }

  const networks = await engineRequest<{ Id: string; Name: string }[]>(
    'GET',
    `/networks?filters=${filter}`,
  );
  for (const n of networks.body) {
    const res = await engineRequest('DELETE', `/networks/${n.Id}`);
    if (res.status < 300 || res.status === 404) removed.networks.push(n.Name);
    else throw new Error(`removing network ${n.Name}: ${res.status} ${res.raw.toString()}`);
  }

  const volumes = await engineRequest<{ Volumes: { Name: string }[] | null }>(
    'GET',
    `/volumes?filters=${filter}`,
  );
  for (const v of volumes.body.Volumes ?? []) {
    const res = await engineRequest('DELETE', `/volumes/${encodeURIComponent(v.Name)}?force=true`);
    if (res.status < 300 || res.status === 404) removed.volumes.push(v.Name);
    else throw new Error(`removing volume ${v.Name}: ${res.status} ${res.raw.toString()}`);
  }
  return removed;
}

/**
 * Splits a non-TTY container log or attach stream (8-byte frame headers: stream type, 0, 0, 0,
 * big-endian length) into stdout and stderr text.
 */
export function demuxLogs(raw: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const type = raw[offset];
    const length = raw.readUInt32BE(offset + 4);
    const frame = raw.subarray(offset + 8, offset + 8 + length);
    (type === 2 ? err : out).push(frame);
    offset += 8 + length;
  }
  return {
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
