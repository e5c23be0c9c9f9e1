import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '@berth/spec';
import { defineDriverContract, harness } from '../driver-contract.js';
import { ProcessDriver } from './process-driver.js';
import { processesOf } from './program-runner.js';

/** A tar.gz package of one Node.js program, made by the system's tar. */
async function nodePackage(dir: string, source: string): Promise<Buffer> {
  const src = await mkdtemp(join(dir, 'src-'));
  await writeFile(join(src, 'main.js'), source);
  const out = join(src, 'p.tar.gz');
  execFileSync('tar', ['-czf', out, 'main.js'], { cwd: src });
  return readFile(out);
}

defineDriverContract('process (real processes)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-process-'));
  await chmod(dir, 0o711);
  const appsDir = join(dir, 'apps');
  await mkdir(appsDir, { mode: 0o711 });
  const blobs = new Map<string, Buffer>();
  for (const variant of [1, 2]) {
    const bytes = await nodePackage(
      dir,
      `setInterval(() => console.log('variant ${variant} reading', process.argv[2]), 500);\n`,
    );
    blobs.set(createHash('sha256').update(bytes).digest('hex'), bytes);
  }
  const server = createServer((req, res) => {
    const body = blobs.get(req.url?.split('/').pop() ?? '');
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let mutations = 0;
  const ids = new Set<string>();
  const make = (url: string) =>
    new ProcessDriver({
      appsDir,
      serverUrl: url,
      headers: () => ({}),
      onMutation: () => mutations++,
    });
  const [first, second] = [...blobs.entries()];
  const workload = (id: string, variant = 1): Workload => {
    ids.add(id);
    const [sha256, bytes] = (variant === 1 ? first : second) as [string, Buffer];
    return {
      id,
      kind: 'process',
      revision: `r${variant}`,
      spec: {
        app: 'contract_app',
        version: `1.0.${variant}`,
        language: 'nodejs',
        arch: null,
        package: {
          path: `/api/v1/agent/blobs/${sha256}`,
          sha256,
          size: bytes.length,
          format: 'tar.gz',
        },
        entry: 'main.js',
        args: ['$(reboot)'],
        env: {},
        memoryMi: 128,
        cpuMillis: 500,
        run: { mode: 'always' },
      },
    };
  };
  return {
    start: async () => harness(make(serverUrl)),
    workload,
    invalidWorkload: (id) => ({ id, kind: 'process', revision: 'bad', spec: { app: 'x' } }),
    failing: async () => ({
      harness: harness(make('http://127.0.0.1:1')),
      workload: workload('contract-unreachable'),
    }),
    mutations: () => mutations,
    copies: async (id) => (await processesOf(id)).length,
    leftovers: async (id) =>
      [
        join(appsDir, id),
        `/sys/fs/cgroup/memory/berth/${id}`,
        `/sys/fs/cgroup/cpu/berth/${id}`,
      ].filter((p) => existsSync(p)),
    runningTimeoutMs: 15_000,
    cleanup: async () => {
      for (const id of ids)
        for (const pid of await processesOf(id)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      execFileSync('chmod', ['-R', 'u+w', dir]);
      await rm(dir, { recursive: true, force: true });
      await new Promise((r) => server.close(r));
    },
  };
});
