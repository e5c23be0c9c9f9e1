import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  demuxLogs,
  ENGINE_ULIMITS,
  engineRequest,
  engineSocket,
  removeTestContainers,
  requireEngine,
  TEST_IMAGES,
} from './engine.js';
import { freePort } from './free-port.js';

/**
 * The real engine the agent will drive (Podman's Docker API, docs/podman.md): proves that the
 * machine set-up and the test images work through the API exactly as the agent will use it.
 */

const noEngine = await requireEngine({ images: [TEST_IMAGES.web, TEST_IMAGES.init] });

const instance = `engine-test-${randomBytes(4).toString('hex')}`;
const labels = { 'berth.instance': instance };

interface Inspect {
  State: { Status: string; Running: boolean; ExitCode: number };
  HostConfig: { Ulimits: { Name: string; Soft: number; Hard: number }[] | null };
}

async function inspect(id: string): Promise<Inspect> {
  const res = await engineRequest<Inspect>('GET', `/containers/${id}/json`);
  expect(res.status).toBe(200);
  return res.body;
}

async function create(name: string, spec: Record<string, unknown>): Promise<string> {
  const res = await engineRequest<{ Id: string }>(
    'POST',
    `/containers/create?name=${name}-${instance}`,
    { Labels: labels, ...spec },
  );
  expect(res.status, res.raw.toString()).toBe(201);
  return res.body.Id;
}

async function logs(id: string) {
  const res = await engineRequest('GET', `/containers/${id}/logs?stdout=true&stderr=true`);
  return demuxLogs(res.raw);
}

async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not answering 200 after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(noEngine)(`container engine at ${engineSocket()}`, () => {
  afterAll(async () => {
    await removeTestContainers(`berth.instance=${instance}`);
  });

  it('runs the web image: create, start, /healthz on a published port, stop, remove', async () => {
    const port = await freePort();
    const t0 = performance.now();
    const id = await create('web', {
      Image: TEST_IMAGES.web,
      Env: ['GREETING=hello-from-the-test'],
      ExposedPorts: { '8080/tcp': {} },
      // No Ulimits: the engine's default_ulimits (setup-podman.sh) must make this startable.
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: `${port}` }] } },
    });
    const start = await engineRequest('POST', `/containers/${id}/start`);
    expect(start.status, start.raw.toString()).toBe(204);
    const createStartMs = performance.now() - t0;

    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, 10_000);
    expect((await health.text()).trim()).toBe('ok');
    expect((await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim()).toBe(
      'hello-from-the-test',
    );

    const running = await inspect(id);
    expect(running.State.Running).toBe(true);
    // What the containers.conf drop-in gave an API-created container without Ulimits.
    expect(running.HostConfig.Ulimits).toEqual(
      expect.arrayContaining([
        { Name: 'RLIMIT_NOFILE', Soft: 1024, Hard: 1024 },
        { Name: 'RLIMIT_NPROC', Soft: 1024, Hard: 1024 },
      ]),
    );

    // The entrypoint traps TERM, so stop is quick (not the 10 s timeout + SIGKILL).
    const t1 = performance.now();
    const stop = await engineRequest('POST', `/containers/${id}/stop?t=10`);
    expect(stop.status).toBe(204);
    const stopMs = performance.now() - t1;
    expect(stopMs).toBeLessThan(5_000);
    const stopped = await inspect(id);
    expect(stopped.State.Running).toBe(false);
    expect(stopped.State.ExitCode).toBe(0);

    const out = await logs(id);
    expect(out.stdout).toContain('GREETING=hello-from-the-test');
    expect(out.stdout).toContain('url:/healthz');
    expect(out.stdout).toContain('web: stopping');

    const removed = await engineRequest('DELETE', `/containers/${id}`);
    expect(removed.status).toBe(204);
    expect((await engineRequest('GET', `/containers/${id}/json`)).status).toBe(404);
    console.info(
      `engine: create+start ${createStartMs.toFixed(0)} ms, stop ${stopMs.toFixed(0)} ms`,
    );
  });

  it('applies explicit HostConfig.Ulimits when both nofile and nproc are given', async () => {
    const id = await create('ulimits', {
      Image: TEST_IMAGES.init,
      Entrypoint: ['/bin/sh', '-c', 'echo "nofile=$(ulimit -n) nproc=$(ulimit -u)"'],
      HostConfig: { Ulimits: [{ Name: 'nofile', Soft: 512, Hard: 512 }, ENGINE_ULIMITS[1]] },
    });
    expect((await engineRequest('POST', `/containers/${id}/start`)).status).toBe(204);
    const wait = await engineRequest<{ StatusCode: number }>('POST', `/containers/${id}/wait`);
    expect(wait.body.StatusCode).toBe(0);
    expect((await logs(id)).stdout.trim()).toBe('nofile=512 nproc=1024');
  });

  it('runs a one-shot job on a labelled network and volume, then cleans up by label', async () => {
    const network = await engineRequest<{ Id: string }>('POST', '/networks/create', {
      Name: `net-${instance}`,
      Labels: labels,
    });
    expect(network.status, network.raw.toString()).toBe(201);
    const volume = await engineRequest<{ Name: string }>('POST', '/volumes/create', {
      Name: `vol-${instance}`,
      Labels: labels,
    });
    expect(volume.status, volume.raw.toString()).toBe(201);

    const id = await create('init', {
      Image: TEST_IMAGES.init,
      Cmd: ['migrate', '--all'],
      Env: ['SLEEP=0'],
      HostConfig: {
        NetworkMode: `net-${instance}`,
        Binds: [`vol-${instance}:/data`],
      },
    });
    expect((await engineRequest('POST', `/containers/${id}/start`)).status).toBe(204);
    const wait = await engineRequest<{ StatusCode: number }>('POST', `/containers/${id}/wait`);
    expect(wait.body.StatusCode).toBe(0);
    const out = await logs(id);
    expect(out.stdout).toContain('init: starting with 2 argument(s): migrate --all');
    expect(out.stdout).toContain('init: wrote /data/init-done');

    const removed = await removeTestContainers(`berth.instance=${instance}`);
    expect(removed.containers).toContain(id);
    expect(removed.networks).toContain(`net-${instance}`);
    expect(removed.volumes).toContain(`vol-${instance}`);
    const left = await engineRequest<unknown[]>(
      'GET',
      `/containers/json?all=true&filters=${encodeURIComponent(JSON.stringify({ label: [`berth.instance=${instance}`] }))}`,
    );
    expect(left.body).toEqual([]);
  });
});
