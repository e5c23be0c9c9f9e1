import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateStore } from './state-store.js';

const writer = fileURLToPath(new URL('../testing/write-states-forever.ts', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer, waits for its first full round, lets it write `ms` more, kills -9. */
async function killWhileWriting(
  stateDir: string,
  startGeneration: number,
  ms: number,
): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', writer, stateDir, String(startGeneration)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}:\n${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  await exited;
}

describe(StateStore, () => {
  it('creates its directory with mode 0700', async () => {
    const store = await StateStore.open(join(dir, 'state'));
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
  });

  it('does not create a directory when only reading', async () => {
    const store = await StateStore.open(join(dir, 'absent'), { create: false });
    expect(await store.loadCredential()).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('always reads a valid state after kill -9 mid-write, never going back (R22)', {
    timeout: 120_000,
  }, async () => {
    const problems: string[] = [];
    // Four state directories side by side, five crashes each: 20 kills in the time of 5.
    const lane = async (stateDir: string) => {
      let generation = 0;
      for (let round = 0; round < 5; round++) {
        await killWhileWriting(stateDir, generation, Math.floor(Math.random() * 40));
        const store = await StateStore.open(stateDir, { onProblem: (_f, p) => problems.push(p) });
        const desired = await store.loadDesired();
        const applied = await store.loadApplied();
        expect(desired, `${stateDir} round ${round}`).toBeDefined();
        expect(desired!.desired.generation).toBeGreaterThan(generation);
        expect(desired!.desired.workloads).toHaveLength(200);
        // applied is written after desired: it never runs ahead of it
        expect(applied!.generation).toBeLessThanOrEqual(desired!.desired.generation);
        expect(await store.loadEvents()).toHaveLength(1);
        generation = desired!.desired.generation;
      }
    };
    await Promise.all([1, 2, 3, 4].map((n) => lane(join(dir, `lane-${n}`))));
    expect(problems).toEqual([]);
  });

  it('removes the temp files of killed writes when asked to by the lock holder', async () => {
    await killWhileWriting(dir, 0, 5);
    const store = await StateStore.open(dir);
    await store.removeStaleTempFiles();
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
