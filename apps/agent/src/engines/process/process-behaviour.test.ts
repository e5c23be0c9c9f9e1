import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileEvent } from '../../reconcile/engine-driver.js';
import { ProcessDriver } from './process-driver.js';
import { processesOf } from './program-runner.js';

/** Real programs under the process driver, as root on this host (cgroup v1 hybrid here). */

let dir: string;
let appsDir: string;
let server: Server;
let serverUrl: string;
const blobs = new Map<string, Buffer>();
const ids = new Set<string>();
let driver: ProcessDriver;
/** Schedules fire every second: time moves faster than cron's minutes. */
let scheduler: ProcessDriver;
const events: ReconcileEvent[] = [];
/** Packages whose download waits for the promise: a slow link, held open by a test. */
const holds = new Map<string, Promise<void>>();
let changes = 0;

async function pkg(files: Record<string, string>): Promise<{ sha256: string; size: number }> {
  const src = await mkdtemp(join(dir, 'src-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(src, name), text);
  const out = join(src, 'p.tar.gz');
  execFileSync('tar', ['-czf', out, ...Object.keys(files)], { cwd: src });
  const bytes = await readFile(out);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  blobs.set(sha256, bytes);
  return { sha256, size: bytes.length };
}

async function workload(
  id: string,
  language: 'python' | 'nodejs',
  entry: string,
  source: string,
  extra: {
    args?: string[];
    memoryMi?: number;
    cpuMillis?: number;
    env?: Record<string, string>;
    schedule?: string;
  } = {},
): Promise<Workload> {
  ids.add(id);
  const { sha256, size } = await pkg({ [entry]: source });
  return {
    id,
    kind: 'process',
    revision: sha256.slice(0, 8),
    spec: {
      app: 'behaviour',
      version: '1.0.0',
      language,
      arch: null,
      package: { path: `/api/v1/agent/blobs/${sha256}`, sha256, size, format: 'tar.gz' },
      entry,
      args: extra.args ?? [],
      env: extra.env ?? {},
      memoryMi: extra.memoryMi ?? 64,
      cpuMillis: extra.cpuMillis ?? 1000,
      run: extra.schedule ? { mode: 'scheduled', schedule: extra.schedule } : { mode: 'always' },
    },
  };
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const output = (id: string) =>
  readFile(join(appsDir, id, 'logs', 'output.log'), 'utf8').catch(() => '');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-behaviour-'));
  await chmod(dir, 0o711);
  appsDir = join(dir, 'apps');
  await mkdir(appsDir, { mode: 0o711 });
  server = createServer(async (req, res) => {
    const sha = req.url?.split('/').pop() ?? '';
    const body = blobs.get(sha);
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-length': String(body.length) });
    res.write(body.subarray(0, 10));
    await holds.get(sha);
    res.end(body.subarray(10));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  driver = new ProcessDriver({ appsDir, serverUrl, headers: () => ({}) });
  scheduler = new ProcessDriver({
    appsDir,
    serverUrl,
    headers: () => ({}),
    nextRun: (_schedule, after) => new Date(after.getTime() + 1000),
  });
  scheduler.attach({
    nodeId: 'n',
    logger: { error() {}, warn() {}, info() {}, debug() {} } as never,
    emit: (e) => events.push(e),
    changed: () => {},
  });
  driver.attach({
    nodeId: 'n',
    logger: { error() {}, warn() {}, info() {}, debug() {} } as never,
    emit: (e) => events.push(e),
    changed: () => changes++,
  });
});

afterAll(async () => {
  for (const id of ids)
    await driver.apply({ type: 'remove', id, observed: {} as never }).catch(() => {});
  execFileSync('chmod', ['-R', 'u+w', dir]);
  await rm(dir, { recursive: true, force: true });
  await new Promise((r) => server.close(r));
});

describe('the process driver with real programs', () => {
  it('runs a Python program as an unprivileged user, args as literals (R14), package read-only', async () => {
    const w = await workload(
      'py-basic',
      'python',
      'main.py',
      [
        'import os, sys, time',
        'print("uid", os.getuid(), flush=True)',
        'print("args", sys.argv[1:], flush=True)',
        'print("env", os.environ.get("GREETING"), flush=True)',
        'open("state.txt", "w").write("ok")',
        'try:',
        '    open(os.path.join(os.path.dirname(sys.argv[0]), "hack.txt"), "w")',
        '    print("package writable", flush=True)',
        'except OSError:',
        '    print("package read-only", flush=True)',
        'time.sleep(3600)',
      ].join('\n'),
      { args: ['$(reboot)', '; rm -rf /', '`id`'], env: { GREETING: 'hello; $(id)' } },
    );
    await driver.apply({ type: 'create', workload: w });
    const log = await until(async () =>
      (await output('py-basic')).includes('package') ? output('py-basic') : undefined,
    );
    const uid = Number(/uid (\d+)/.exec(log)?.[1]);
    expect(uid).toBeGreaterThan(0);
    expect(log).toContain("args ['$(reboot)', '; rm -rf /', '`id`']");
    expect(log).toContain('env hello; $(id)');
    expect(log).toContain('package read-only');
    expect(await readFile(join(appsDir, 'py-basic', 'data', 'state.txt'), 'utf8')).toBe('ok');
    const [observed] = (await driver.observe()).filter((o) => o.id === 'py-basic');
    expect(observed).toMatchObject({ phase: 'running', limitsEnforced: true });
  });

  it('shows a version as downloading while its package comes, and says so at once', async () => {
    const w = await workload(
      'py-slow-link',
      'python',
      'main.py',
      'import time\nprint("up", flush=True)\ntime.sleep(3600)\n',
    );
    const { sha256 } = (w.spec as { package: { sha256: string } }).package;
    let release = () => {};
    holds.set(sha256, new Promise<void>((r) => (release = r)));
    const before = changes;
    const applying = driver.apply({ type: 'create', workload: w });
    try {
      const seen = await until(async () =>
        (await driver.observe()).find((o) => o.id === 'py-slow-link'),
      );
      expect(seen).toMatchObject({ revision: w.revision, phase: 'downloading', supervised: true });
      expect(seen.message).toMatch(/^downloading 1\.0\.0 \(\d+ B\)$/);
      expect(seen.nodes[0]).toMatchObject({
        name: 'behaviour',
        phase: 'downloading',
        ready: false,
      });
      expect(changes).toBeGreaterThan(before);
    } finally {
      release();
    }
    await applying;
    await until(async () => ((await output('py-slow-link')).includes('up') ? true : undefined));
    const [running] = (await driver.observe()).filter((o) => o.id === 'py-slow-link');
    expect(running).toMatchObject({ revision: w.revision, phase: 'running' });
  });

  it('restarts a program that exits, with growing delays', async () => {
    const w = await workload(
      'js-exit',
      'nodejs',
      'main.js',
      'console.log("started", Date.now()); process.exit(3);',
    );
    await driver.apply({ type: 'create', workload: w });
    const log = await until(async () => {
      const text = await output('js-exit');
      return (text.match(/started/g) ?? []).length >= 3 ? text : undefined;
    });
    const times = [...log.matchAll(/started (\d+)/g)].map((m) => Number(m[1]));
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThan((gaps[0] as number) * 1.5);
    expect(
      events.filter((e) => e.workload === 'js-exit' && e.reason === 'exited')[0]?.message,
    ).toContain('exited with code 3');
  });

  it('kills a program that allocates past its memory limit and says out of memory', async () => {
    const w = await workload(
      'py-oom',
      'python',
      'main.py',
      'import time\nblocks = []\nwhile True:\n    blocks.append(bytearray(8 * 1024 * 1024))\n    time.sleep(0.01)\n',
      { memoryMi: 32 },
    );
    await driver.apply({ type: 'create', workload: w });
    const oom = await until(async () =>
      events.find((e) => e.workload === 'py-oom' && e.reason === 'oom-killed'),
    );
    expect(oom.message).toContain('out of memory');
  });

  it('holds a busy loop to about its CPU limit', async () => {
    const w = await workload('js-busy', 'nodejs', 'main.js', 'for (;;) {}', { cpuMillis: 200 });
    await driver.apply({ type: 'create', workload: w });
    const [pid] = await until(async () => {
      const pids = await processesOf('js-busy');
      return pids.length > 0 ? pids : undefined;
    });
    const ticks = async () => {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      return Number(fields[11]) + Number(fields[12]);
    };
    await new Promise((r) => setTimeout(r, 500));
    const before = await ticks();
    await new Promise((r) => setTimeout(r, 3000));
    const cores = (await ticks()) - before; // clock ticks: 100 a second per core
    expect(cores / 300).toBeLessThan(0.3);
    expect(cores / 300).toBeGreaterThan(0.1);
  });

  it('runs a scheduled program to completion at each time, never two at once', async () => {
    const quick = await workload('py-cron', 'python', 'main.py', 'print("run", flush=True)\n', {
      schedule: '* * * * *',
    });
    await scheduler.apply({ type: 'create', workload: quick });
    const [waiting] = (await scheduler.observe()).filter((o) => o.id === 'py-cron');
    expect(waiting?.phase).toBe('running');
    expect(waiting?.message).toContain('next run at');
    await until(async () =>
      events.filter((e) => e.workload === 'py-cron' && e.reason === 'completed').length >= 2
        ? true
        : undefined,
    );
    expect(((await output('py-cron')).match(/run/g) ?? []).length).toBeGreaterThanOrEqual(2);

    const slow = await workload(
      'py-slow-cron',
      'python',
      'main.py',
      'import time\ntime.sleep(2.5)\n',
      {
        schedule: '* * * * *',
      },
    );
    await scheduler.apply({ type: 'create', workload: slow });
    let most = 0;
    await until(async () => {
      most = Math.max(most, (await processesOf('py-slow-cron')).length);
      return events.some((e) => e.workload === 'py-slow-cron' && e.reason === 'skipped')
        ? true
        : undefined;
    });
    expect(most).toBe(1);
    for (const id of ['py-cron', 'py-slow-cron'])
      await scheduler.apply({ type: 'remove', id, observed: {} as never });
  });

  it('rolls a crash-looping upgrade back to the version it replaced, and says so', {
    timeout: 30_000,
  }, async () => {
    const good = await workload(
      'js-upgrade',
      'nodejs',
      'main.js',
      'console.log("good version up"); setInterval(() => {}, 1000);',
    );
    await driver.apply({ type: 'create', workload: good });
    await until(async () =>
      (await output('js-upgrade')).includes('good version up') ? true : undefined,
    );
    const bad = await workload(
      'js-upgrade',
      'nodejs',
      'main.js',
      'console.log("bad version"); process.exit(2);',
    );
    const badSpec = bad.spec as { version: string };
    badSpec.version = '2.0.0';
    const observed = (await driver.observe()).find((o) => o.id === 'js-upgrade');
    await driver.apply({ type: 'update', workload: bad, observed: observed as never });
    const rolled = await until(async () =>
      events.find((e) => e.workload === 'js-upgrade' && e.reason === 'rolled-back'),
    );
    expect(rolled.message).toBe(
      '2.0.0 crash-looped (three exits within a minute); rolled back to 1.0.0',
    );
    await until(async () =>
      ((await output('js-upgrade')).match(/good version up/g) ?? []).length >= 2 ? true : undefined,
    );
    const now = (await driver.observe()).find((o) => o.id === 'js-upgrade');
    expect(now).toMatchObject({ revision: bad.revision, phase: 'failed', supervised: true });
    expect(now?.message).toContain('rolled back to 1.0.0');
    expect(await processesOf('js-upgrade')).toHaveLength(1);
  });
});
