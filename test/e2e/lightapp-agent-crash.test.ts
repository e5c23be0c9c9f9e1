import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '@berth/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { processesOf } from '../../apps/agent/src/engines/process/program-runner.js';
import { FakeControlPlane } from '../../apps/agent/src/testing/fake-control-plane.js';
import { noopWorkload } from '../../apps/agent/src/testing/test-agent.js';
import { AgentProcess, runAgentCommand, tempStateDir } from '../harness/agent-process.js';

/**
 * R22 for light apps: `berth-agent` killed -9 while it writes its state, over and over,
 * then restarted with the platform down, adopts the program that kept running — one copy,
 * never two — from its local state, whose files stay valid.
 */

let fake: FakeControlPlane | undefined;
let agent: AgentProcess | undefined;
let stateDir: string | undefined;
const workloadId = `crash-${Date.now().toString(36)}`;

afterEach(async () => {
  await agent?.dispose(); // kills it and removes its state directory
  for (const pid of await processesOf(workloadId)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  if (stateDir && existsSync(`${stateDir}-apps`)) {
    execFileSync('chmod', ['-R', 'u+w', `${stateDir}-apps`]);
    rmSync(`${stateDir}-apps`, { recursive: true, force: true });
  }
  await fake?.stop();
});

/** A tar.gz of a Node.js program that prints a simulated reading every 200 ms. */
function sensorPackage(): Buffer {
  const src = mkdtempSync(join(tmpdir(), 'berth-crash-src-'));
  writeFileSync(
    join(src, 'main.js'),
    'setInterval(() => console.log("temperature", (20 + Math.random()).toFixed(2)), 200);\n',
  );
  execFileSync('tar', ['-czf', 'p.tar.gz', 'main.js'], { cwd: src });
  const bytes = readFileSync(join(src, 'p.tar.gz'));
  rmSync(src, { recursive: true, force: true });
  return bytes;
}

describe('a light app under an agent killed -9 (R22)', () => {
  it('keeps one copy running, and the restarted agent adopts it from local state with the platform down', {
    timeout: 120_000,
  }, async () => {
    fake = await FakeControlPlane.start({ heartbeatSeconds: 1 });
    stateDir = tempStateDir();
    const token = fake.addToken('gate-01');
    const joined = await runAgentCommand(
      ['join', '--server', fake.url, '--node', 'gate-01', '--state-dir', stateDir],
      { BERTH_JOIN_TOKEN: token },
    );
    expect(joined.code, joined.stderr).toBe(0);
    const blob = fake.addBlob(sensorPackage());
    const sensor: Workload = {
      id: workloadId,
      kind: 'process',
      revision: blob.sha256.slice(0, 12),
      spec: {
        app: 'sensor',
        version: '1.0.0',
        language: 'nodejs',
        arch: null,
        package: { ...blob, format: 'tar.gz' },
        entry: 'main.js',
        args: [],
        env: {},
        memoryMi: 64,
        cpuMillis: 200,
        run: { mode: 'always' },
      },
    };
    fake.setDesired({ workloads: [sensor] });
    agent = AgentProcess.run(stateDir);
    const running = (s: Record<string, unknown>) =>
      (s.workloads as Array<{ id: string; phase: string }> | undefined)?.some(
        (w) => w.id === workloadId && w.phase === 'running',
      ) === true;
    await agent.waitForStatus(running, 60_000);
    const [first] = await processesOf(workloadId);
    expect(first).toBeGreaterThan(0);

    for (let round = 0; round < 4; round++) {
      // A burst of desired states keeps the agent writing desired.json, applied.json and
      // its events while it is killed; the light app stays in every one of them.
      for (let i = 0; i < 15; i++) {
        fake.setDesired({
          workloads: [
            sensor,
            ...Array.from({ length: 30 }, (_, w) => noopWorkload(`w${w}`, `r${round}-${i}`)),
          ],
        });
      }
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      await agent.stop('SIGKILL');
      agent = AgentProcess.run(stateDir);
      const welcomed = () => fake!.sessions.filter((x) => x.nodeId).length;
      await fake.waitFor(() => welcomed() >= round + 2, 20_000, `reconnect ${round}`);
      expect(await processesOf(workloadId)).toHaveLength(1);
    }

    await fake.stop();
    fake = undefined;
    await agent.stop('SIGKILL');
    const offline = AgentProcess.run(stateDir);
    agent = offline;
    const status = await offline.waitForStatus(
      (s) => s.pid === offline.pid && s.connected === false && running(s),
      60_000,
    );
    expect(status.connected).toBe(false);
    // Adopted, not started again: the program that ran before the first kill still runs.
    expect(await processesOf(workloadId)).toEqual([first]);
    const saved = JSON.parse(
      readFileSync(join(`${stateDir}-apps`, workloadId, 'workload.json'), 'utf8'),
    );
    expect(saved).toMatchObject({ id: workloadId, revision: sensor.revision, pid: first });
    expect(offline.logs().some((l) => l.msg === 'running the saved desired state')).toBe(true);
  });
});
