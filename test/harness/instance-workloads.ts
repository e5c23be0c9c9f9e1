import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DockerDriver,
  type DockerDriverOptions,
} from '../../apps/agent/src/engines/docker/docker-driver.js';
import { type DriverHarness, harness } from '../../apps/agent/src/engines/driver-contract.js';
import type {
  InstanceWorkloadSpec,
  Workload,
  WorkloadHealth,
  WorkloadNode,
} from '../../packages/spec/src/index.js';
import { demuxLogs, engineRequest, engineSocket, removeTestContainers } from './engine.js';

/**
 * Instance workloads for tests of the container driver on the real engine, and the
 * bookkeeping that keeps test runs apart: everything a run creates carries
 * `berth.test=<run>` (and its own owner label), and `cleanupRun` removes it all.
 */

/** A unique id for this test file's run: label value and name part. */
export function newRunId(): string {
  return `t${Date.now().toString(36).slice(-5)}${randomBytes(2).toString('hex')}`;
}

const hashOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** A node with defaults for what a test does not care about; `hash` from its content. */
export function testNode(
  partial: Partial<Omit<WorkloadNode, 'hash'>> & Pick<WorkloadNode, 'name' | 'image'>,
): WorkloadNode {
  const node: Omit<WorkloadNode, 'hash'> = {
    kind: 'custom',
    env: {},
    ports: [],
    hostNetwork: false,
    resources: {},
    replicas: 1,
    volumes: [],
    ...partial,
  };
  return { ...node, hash: hashOf(node) };
}

/** A health check with test timings (1 s interval, 2 failures). */
export function fastHealth(
  check: WorkloadHealth['check'],
  more: Partial<WorkloadHealth> = {},
): WorkloadHealth {
  return {
    check,
    intervalSeconds: 1,
    timeoutSeconds: 2,
    failureThreshold: 2,
    startPeriodSeconds: 0,
    ...more,
  };
}

/** An `instance` workload; its revision is the hash of its spec, as the server makes it. */
export function instanceWorkload(options: {
  id: string;
  instance: string;
  nodes: WorkloadNode[];
  levels: string[][];
  stopped?: boolean;
  keepVolumes?: boolean;
}): Workload & { spec: InstanceWorkloadSpec } {
  const spec: InstanceWorkloadSpec = {
    instance: options.instance,
    instanceId: options.id,
    app: 'test-app',
    version: '1.0.0',
    levels: options.levels,
    nodes: options.nodes,
    stopped: options.stopped ?? false,
    keepVolumes: options.keepVolumes ?? false,
    deadlineSeconds: 120,
  };
  return { id: options.id, kind: 'instance', revision: hashOf(spec), spec };
}

/** True for an engine call that changes something (exec calls of health checks excluded). */
export function isMutatingCall(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  return !/^\/containers\/[^/]+\/exec$|^\/exec\//.test(path);
}

/** Counts the engine calls of the drivers it is given to. */
export class EngineCalls {
  readonly calls: Array<{ method: string; path: string }> = [];
  readonly listener = (method: string, path: string) => {
    this.calls.push({ method, path });
  };

  mutations(): Array<{ method: string; path: string }> {
    return this.calls.filter((c) => isMutatingCall(c.method, c.path));
  }
}

/** Timings for tests: quick ticks and short restart backoff. */
export const testTimings: DockerDriverOptions['timings'] = {
  pollMs: 500,
  busyPollMs: 200,
  settleMs: 500,
  stopTimeoutSeconds: 2,
  restart: { baseMs: 1000, capMs: 8000, resetAfterMs: 60_000 },
  pullRetryMs: 60_000,
};

/** A container driver on the test engine, owned by `owner`, labelled with the run. */
export function startDockerDriver(options: {
  run: string;
  owner: string;
  stateDir: string;
  calls?: EngineCalls;
  sockets?: string[];
  more?: Partial<DockerDriverOptions>;
}): DriverHarness & { driver: DockerDriver } {
  const driver = new DockerDriver({
    sockets: options.sockets ?? [engineSocket()],
    stateDir: options.stateDir,
    owner: options.owner,
    labels: { 'berth.test': options.run },
    hostAddress: '127.0.0.1',
    timings: testTimings,
    ...(options.calls ? { onRequest: options.calls.listener } : {}),
    ...options.more,
  });
  return { ...harness(driver, options.owner), driver };
}

/** A temp directory (state or storage); remove it with `rmSync` or `cleanupRun`. */
export function tempDir(prefix = 'berth-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The engine's containers carrying `labels` (all states). */
export async function containersWith(
  ...labels: string[]
): Promise<Array<{ Id: string; Names: string[]; State: string; Labels: Record<string, string> }>> {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const res = await engineRequest<
    Array<{ Id: string; Names: string[]; State: string; Labels: Record<string, string> }>
  >('GET', `/containers/json?all=true&filters=${filters}`);
  return res.body;
}

/** The engine's networks carrying `labels`. */
export async function networksWith(...labels: string[]): Promise<Array<{ Name: string }>> {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  return (await engineRequest<Array<{ Name: string }>>('GET', `/networks?filters=${filters}`)).body;
}

/** Removes everything the run created on the engine, and the given directories. */
export async function cleanupRun(run: string, dirs: string[] = []): Promise<void> {
  await removeTestContainers(`berth.test=${run}`);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** Runs argv in a container (by name or id) through the exec API; its output and exit code. */
export async function execIn(
  container: string,
  argv: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const created = await engineRequest<{ Id: string }>(
    'POST',
    `/containers/${encodeURIComponent(container)}/exec`,
    { AttachStdout: true, AttachStderr: true, Cmd: argv },
  );
  if (created.status >= 300) throw new Error(`exec in ${container}: ${created.raw.toString()}`);
  const started = await engineRequest('POST', `/exec/${created.body.Id}/start`, {
    Detach: false,
    Tty: false,
  });
  const inspected = await engineRequest<{ ExitCode: number }>(
    'GET',
    `/exec/${created.body.Id}/json`,
  );
  return { exitCode: inspected.body.ExitCode, ...demuxLogs(started.raw) };
}

/** Inspects a container by name or id (undefined when there is none). */
export async function inspectContainer(container: string): Promise<
  | {
      Id: string;
      State: { Status: string; ExitCode: number };
      Config: { Labels: Record<string, string> };
    }
  | undefined
> {
  const res = await engineRequest<{
    Id: string;
    State: { Status: string; ExitCode: number };
    Config: { Labels: Record<string, string> };
  }>('GET', `/containers/${encodeURIComponent(container)}/json`);
  return res.status === 200 ? res.body : undefined;
}
