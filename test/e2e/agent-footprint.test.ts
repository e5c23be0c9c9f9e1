import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeControlPlane } from '../../apps/agent/src/testing/fake-control-plane.js';
import { joinedStateDir, noopWorkload } from '../../apps/agent/src/testing/test-agent.js';
import { agentMain, tempStateDir } from '../harness/agent-process.js';

/**
 * The idle footprint of `berth-agent run` (brief: under 60 MiB RSS and ~1% of a core):
 * connected to a server, 20 workloads applied, nothing changing. It samples /proc for
 * AGENT_IDLE_SECONDS (10 by default; 60 for the figures in the README) and prints them.
 * RSS counts the node binary's shared pages too, so PSS and private memory are shown.
 */
const seconds = Number(process.env.AGENT_IDLE_SECONDS ?? 10);
const bundleScript = fileURLToPath(new URL('../../apps/agent/scripts/bundle.mjs', import.meta.url));

interface Usage {
  rssMiB: number;
  pssMiB: number;
  anonMiB: number;
  cpuSeconds: number;
}

function usage(pid: number): Usage {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return {
    rssMiB: kib('Rss') / 1024,
    pssMiB: kib('Pss') / 1024,
    anonMiB: kib('Anonymous') / 1024,
    cpuSeconds: (Number(stat[11]) + Number(stat[12])) / 100, // utime + stime, in clock ticks
  };
}

async function measureIdle(main: string) {
  const fake = await FakeControlPlane.start({ heartbeatSeconds: 10 });
  fake.setDesired({ workloads: Array.from({ length: 20 }, (_, i) => noopWorkload(`w${i}`)) });
  const stateDir = await joinedStateDir(fake);
  const child = spawn(
    process.execPath,
    [main, 'run', '--state-dir', stateDir, '--engine', 'none'],
    {
      stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  try {
    await fake.waitFor(() => fake.acks().includes(1), 15_000, 'ack');
    const pid = child.pid!;
    await new Promise((r) => setTimeout(r, 3000)); // idle means after start-up's tail
    const first = usage(pid);
    const samples: Usage[] = [];
    for (let s = 0; s < seconds; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push(usage(pid));
    }
    const last = samples.at(-1)!;
    return {
      main,
      seconds,
      cpuPercent: (100 * (last.cpuSeconds - first.cpuSeconds)) / seconds,
      rssMaxMiB: Math.max(...samples.map((u) => u.rssMiB)),
      rssLastMiB: last.rssMiB,
      pssLastMiB: last.pssMiB,
      privateLastMiB: last.anonMiB,
      heartbeats: fake.messages.filter((m) => m.type === 'heartbeat').length,
      sessions: fake.sessions.length,
    };
  } finally {
    child.kill('SIGKILL');
    await fake.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

describe('the idle agent', { timeout: (seconds + 35) * 1000 * 2 }, () => {
  const bundleDir = tempStateDir();
  const bundle = join(bundleDir, 'berth-agent.mjs');
  beforeAll(() => {
    const built = spawnSync(process.execPath, [bundleScript, bundle], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it.each([
    ['as compiled (dist/main.js)', agentMain],
    ['as one bundled file', bundle],
  ])('stays quiet and small %s', async (_name, main) => {
    const result = await measureIdle(main);
    console.log(JSON.stringify(result));
    expect(result.sessions).toBe(1);
    // Guards against leaks and busy loops. The target (under 1% of a core) is measured on
    // a quiet machine (docs/benchmarks.md); inside a full parallel test run the same agent
    // reads up to ~1% from contention alone, so this bound is the busy-loop guard.
    expect(result.cpuPercent).toBeLessThan(3);
    expect(result.rssMaxMiB).toBeLessThan(80);
  });
});
