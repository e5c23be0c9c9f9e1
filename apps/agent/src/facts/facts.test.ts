import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFacts } from '@berth/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectFacts } from './collect-facts.js';
import { engineSockets } from './engine-sockets.js';
import { normalizeArch } from './normalize-arch.js';
import { parseOsRelease } from './parse-os-release.js';
import { probeEngine } from './probe-engine.js';

let dir: string;
const servers: Array<{ close(cb: () => void): void }> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-facts-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  rmSync(dir, { recursive: true, force: true });
});

/** A Docker Engine API on a real unix socket that answers GET /version with `body`. */
async function engineAt(name: string, body: unknown): Promise<string> {
  const path = join(dir, name);
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/version' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

describe(normalizeArch, () => {
  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'aarch64'],
    ['arm', 'armv7'],
    ['riscv64', 'riscv64'],
  ])('maps %s to %s', (node, berth) => expect(normalizeArch(node)).toBe(berth));
});

describe(parseOsRelease, () => {
  it.each([
    [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"',
      'Debian GNU/Linux 12 (bookworm)',
    ],
    ["NAME='Alpine Linux'\nVERSION_ID=3.20.1", 'Alpine Linux 3.20.1'],
    ['ID=custom', undefined],
  ])('reads %j', (text, name) => expect(parseOsRelease(text)).toBe(name));
});

describe(engineSockets, () => {
  it('tries Docker, then rootless and rootful Podman', () => {
    expect(engineSockets({ xdgRuntimeDir: '/run/user/1000' })).toEqual([
      '/var/run/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
  });

  it('uses only DOCKER_HOST when it is a unix socket, and the flag above all', () => {
    expect(engineSockets({ dockerHost: 'unix:///tmp/d.sock' })).toEqual(['/tmp/d.sock']);
    expect(engineSockets({ explicit: '/x.sock', dockerHost: 'unix:///tmp/d.sock' })).toEqual([
      '/x.sock',
    ]);
    expect(engineSockets({ dockerHost: 'tcp://10.0.0.1:2375' })[0]).toBe('/var/run/docker.sock');
  });
});

describe(probeEngine, () => {
  it('recognises Podman by its "Podman Engine" component', async () => {
    const socket = await engineAt('podman.sock', {
      Version: '4.3.1',
      Components: [{ Name: 'Podman Engine', Version: '4.3.1' }],
    });
    expect(await probeEngine([socket])).toEqual({
      kind: 'podman',
      version: '4.3.1',
      socketPath: socket,
    });
  });

  it('reports anything else that answers as Docker', async () => {
    const socket = await engineAt('docker.sock', {
      Version: '27.3.1',
      Components: [{ Name: 'Engine' }],
    });
    expect(await probeEngine([socket])).toMatchObject({ kind: 'docker', version: '27.3.1' });
  });

  it('skips sockets that are missing or silent, within the timeout, and reports none', async () => {
    const silent = join(dir, 'silent.sock');
    const server = createNetServer((socket) => socket.resume()); // reads, never answers
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(silent, resolve));
    const started = Date.now();
    expect(await probeEngine([join(dir, 'missing.sock'), silent], 200)).toEqual({
      kind: 'none',
      version: null,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('takes the first socket that answers', async () => {
    const docker = await engineAt('d.sock', { Version: '1' });
    expect((await probeEngine([join(dir, 'missing.sock'), docker])).socketPath).toBe(docker);
  });
});

describe(collectFacts, () => {
  it('describes this host within the protocol’s limits', async () => {
    const osRelease = join(dir, 'os-release');
    writeFileSync(osRelease, `PRETTY_NAME="${'Very Long Distribution Name '.repeat(5)}"\n`);
    const facts = await collectFacts({
      stateDir: dir,
      agentVersion: '1.2.3',
      engine: 'auto',
      engineSockets: [join(dir, 'missing.sock')],
      osReleasePath: osRelease,
    });
    expect(nodeFacts.parse(facts)).toEqual(facts);
    expect(facts).toMatchObject({ agentVersion: '1.2.3', engine: { kind: 'none', version: null } });
    expect(facts.os).toHaveLength(64);
    expect(facts.diskMi).toBeGreaterThan(0);
    expect(facts.memoryMi).toBeGreaterThan(0);
    expect(facts.addresses.every((a) => !a.startsWith('127.') && a !== '::1')).toBe(true);
  });

  it('does not probe with engine none', async () => {
    const socket = await engineAt('d.sock', { Version: '1' });
    const facts = await collectFacts({
      stateDir: dir,
      agentVersion: '1',
      engine: 'none',
      engineSockets: [socket],
    });
    expect(facts.engine.kind).toBe('none');
  });
});
