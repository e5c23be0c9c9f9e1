import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceWorkloadSpec, RegistrySettings } from '@berth/spec';
import { stringify } from 'yaml';
import type { EngineApi } from '../../apps/agent/src/engines/docker/engine-api.js';
import { engineSocket } from '../../test/harness/engine.js';
import { type ComposeService, composeFile } from './compose-file.js';
import { probeEveryMs, waitReady } from './readiness.js';
import { sleep } from './stats.js';

export interface ComposeRun {
  /** `docker-compose up -d` exited 0. */
  upMs: number;
  /** …and every container of the last level is ready by (a)'s probe. */
  totalMs: number;
}

/**
 * Baseline (b): `docker-compose up -d` of the equivalent compose file (compose-file.ts)
 * on the same engine, then the last level's readiness by the same probe as (a) — `up -d`
 * returns once the last services are started, not healthy.
 *
 * Podman runs healthchecks from systemd timers, and this machine runs no systemd: a
 * container's health stays `starting` and `service_healthy` never fires (verified: the
 * service log says "unable to get systemd connection to start healthchecks"). So while
 * Compose runs, a stand-in for the missing timers runs each started container's
 * healthcheck through the engine (`GET /libpod/containers/{id}/healthcheck`, which
 * records the result where Compose looks): `tight` every 50 ms, as (a) probes — better
 * than any real timer —, or `interval`: first after the check's interval, then every
 * interval, as Docker's engine schedules them (Compose 1.29 knows no `start_interval`).
 */
export async function composeChain(options: {
  api: EngineApi;
  spec: InstanceWorkloadSpec;
  registries: RegistrySettings | undefined;
  project: string;
  label: Record<string, string>;
  dir: string;
  /** How the stand-in for the missing healthcheck timers runs the checks (`HealthTimer`). */
  health: 'tight' | 'interval';
}): Promise<ComposeRun> {
  const { api, project } = options;
  const volumeRoot = join(options.dir, 'volumes');
  mkdirSync(volumeRoot, { recursive: true });
  const { document, services } = composeFile({ ...options, volumeRoot });
  for (const s of services) {
    for (const v of s.node.volumes) {
      mkdirSync(join(volumeRoot, `${s.node.name}-${s.replica}`, v.name), { recursive: true });
    }
  }
  const file = join(options.dir, 'docker-compose.yml');
  writeFileSync(file, stringify(document));
  const timer = new HealthTimer(api, project, services, options.health);
  const t0 = performance.now();
  const timerDone = timer.run();
  try {
    await compose(['-p', project, '-f', file, 'up', '-d', '--no-build']);
    const upMs = performance.now() - t0;
    const last = options.spec.levels.at(-1) ?? [];
    const network = `${project}_default`;
    await Promise.all(
      services
        .filter((s) => last.includes(s.node.name))
        .map(async (s) =>
          waitReady(api, await containerOf(api, project, s.service), s.node, network),
        ),
    );
    return { upMs, totalMs: performance.now() - t0 };
  } finally {
    timer.stop();
    await timerDone;
  }
}

/** Stands in for the healthcheck timers systemd would run (see `composeChain`). */
class HealthTimer {
  private stopped = false;
  private readonly healthy = new Set<string>();
  private readonly busy = new Set<string>();
  /** When each container was first seen running, and the service's interval. */
  private readonly due = new Map<string, number>();
  private readonly intervals: Map<string, number>;

  constructor(
    private readonly api: EngineApi,
    private readonly project: string,
    services: ComposeService[],
    private readonly mode: 'tight' | 'interval',
  ) {
    this.intervals = new Map(
      services
        .filter((s) => s.node.health && s.node.kind !== 'init')
        .map((s) => [s.service, s.node.health!.intervalSeconds * 1000]),
    );
  }

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    const filters = JSON.stringify({ label: [`com.docker.compose.project=${this.project}`] });
    while (!this.stopped) {
      const listed = await this.api.client
        .json<Array<{ Id: string; State: string; Labels: Record<string, string> }>>({
          method: 'GET',
          path: '/containers/json',
          query: { filters },
        })
        .catch(() => []);
      const now = performance.now();
      for (const c of listed) {
        const interval = this.intervals.get(c.Labels['com.docker.compose.service'] ?? '');
        if (c.State !== 'running' || interval === undefined) continue;
        if (this.healthy.has(c.Id) || this.busy.has(c.Id)) continue;
        const wait = this.mode === 'tight' ? 0 : interval;
        if (!this.due.has(c.Id)) this.due.set(c.Id, now + wait);
        if (now >= this.due.get(c.Id)!) void this.check(c.Id, wait);
      }
      await sleep(probeEveryMs);
    }
  }

  private async check(id: string, wait: number): Promise<void> {
    this.busy.add(id);
    try {
      const result = await this.api.client.json<{ Status: string }>({
        method: 'GET',
        path: `/libpod/containers/${id}/healthcheck`,
      });
      if (result.Status === 'healthy') this.healthy.add(id);
    } catch {
      // not running any more, or not yet: the next round looks again
    } finally {
      this.due.set(id, performance.now() + Math.max(wait, probeEveryMs));
      this.busy.delete(id);
    }
  }
}

async function containerOf(api: EngineApi, project: string, service: string): Promise<string> {
  const filters = JSON.stringify({
    label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
  });
  const [c] = await api.client.json<Array<{ Id: string }>>({
    method: 'GET',
    path: '/containers/json',
    query: { filters },
  });
  if (!c) throw new Error(`compose service ${service} has no running container`);
  return c.Id;
}

/** Runs Debian's docker-compose 1.29 against the engine's socket. */
export function compose(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker-compose', args, {
      env: { ...process.env, DOCKER_HOST: `unix://${engineSocket()}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`docker-compose ${args.join(' ')}: ${output}`)),
    );
  });
}
