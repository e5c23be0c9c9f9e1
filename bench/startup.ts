import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startServer } from './server.js';

/** Target of issue #2: `npm start` to /readyz answering 200, warm, under 2 s. */
export async function benchStartup(runs = 9) {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-bench-start-'));
  const port = 7790;
  const command = ['npm', 'start', '--silent'];
  const cold = await startServer({
    command,
    port,
    dataDir,
    env: { BERTH_ADMIN_PASSWORD: 'bench-admin-pass' },
  });
  await cold.stop();
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await startServer({ command, port, dataDir });
    warm.push(s.readyMs);
    await s.stop();
  }
  removeDir(dataDir);
  warm.sort((a, b) => a - b);
  return {
    coldMs: Math.round(cold.readyMs),
    warmMedianMs: Math.round(warm[Math.floor(warm.length / 2)]!),
    warmMinMs: Math.round(warm[0]!),
    warmMaxMs: Math.round(warm[warm.length - 1]!),
    runs,
  };
}
