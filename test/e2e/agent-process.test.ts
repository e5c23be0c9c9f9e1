import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeControlPlane } from '../../apps/agent/src/testing/fake-control-plane.js';
import { noopWorkload } from '../../apps/agent/src/testing/test-agent.js';
import { AgentProcess, runAgentCommand, tempStateDir } from '../harness/agent-process.js';

/** `berth-agent` as hosts run it: a process, its exit codes, its files and its signals. */

let fake: FakeControlPlane | undefined;
const agents: AgentProcess[] = [];
afterEach(async () => {
  const all = agents.splice(0);
  await Promise.all(all.map((agent) => agent.stop('SIGKILL'))); // before any directory goes
  for (const agent of all) await agent.dispose();
  await fake?.stop();
  fake = undefined;
});

async function joined(node = 'gate-01'): Promise<{ stateDir: string; token: string; out: string }> {
  fake ??= await FakeControlPlane.start({ heartbeatSeconds: 1 });
  const stateDir = tempStateDir();
  const token = fake.addToken(node);
  const result = await runAgentCommand(
    ['join', '--server', fake.url, '--node', node, '--state-dir', stateDir],
    {
      BERTH_JOIN_TOKEN: token,
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return { stateDir, token, out: result.stdout + result.stderr };
}

function run(stateDir: string): AgentProcess {
  const agent = AgentProcess.run(stateDir);
  agents.push(agent);
  return agent;
}

describe('berth-agent as a process', () => {
  it('joins, runs, reports its status, and stops cleanly on SIGTERM', async () => {
    const { stateDir } = await joined();
    fake!.setDesired({ workloads: [noopWorkload('web')] });
    const agent = run(stateDir);
    await fake!.waitFor(() => fake!.acks().includes(1), 15_000, 'ack');
    await agent.waitForStatus((s) => s.connected === true && s.appliedGeneration === 1);
    const status = await runAgentCommand(['status', '--state-dir', stateDir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/agent: +running \(pid \d+\), connected/);
    expect(status.stdout).toMatch(/web +running/);
    expect(await agent.stop('SIGTERM')).toBe(0);
    const after = JSON.parse(
      (await runAgentCommand(['status', '--state-dir', stateDir, '-o', 'json'])).stdout,
    );
    expect(after).toMatchObject({ running: false, agent: { connected: false } });
  });

  it('exits 5 with a clear message, and does not reconnect, when the node is revoked', async () => {
    const { stateDir } = await joined();
    const agent = run(stateDir);
    await fake!.waitFor(() => fake!.openSessions().length === 1, 15_000);
    const nodeId = fake!.openSessions()[0]!.nodeId!;
    fake!.revoke(nodeId);
    expect(await agent.exited).toBe(5);
    expect(agent.stderr).toContain('error: this node was revoked by the platform');
    expect(fake!.sessions).toHaveLength(1);
  });

  it('never writes the join token or the private key to its output or logs (R12)', async () => {
    const { stateDir, token, out } = await joined();
    const agent = run(stateDir);
    await fake!.waitFor(() => fake!.openSessions().length === 1, 15_000);
    await agent.stop();
    const credential = JSON.parse(readFileSync(join(stateDir, 'credential.json'), 'utf8'));
    const keyBody = credential.privateKeyPem.split('\n')[1];
    for (const text of [out, agent.stdout, agent.stderr]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(keyBody);
    }
  });

  it('killed -9 while writing state and restarted with the platform down, runs its workloads from local state (R22)', async () => {
    const { stateDir } = await joined();
    let agent = run(stateDir);
    await fake!.waitFor(() => fake!.openSessions().length === 1, 15_000);
    for (let round = 0; round < 5; round++) {
      // a burst of desired states keeps it writing desired.json, applied.json, events.json
      for (let i = 0; i < 20; i++) {
        fake!.setDesired({
          workloads: Array.from({ length: 50 }, (_, w) => noopWorkload(`w${w}`, `r${round}-${i}`)),
        });
      }
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      await agent.stop('SIGKILL');
      agent = run(stateDir);
      const welcomed = () => fake!.sessions.filter((x) => x.nodeId).length;
      await fake!.waitFor(() => welcomed() >= round + 2, 15_000, `reconnect ${round}`);
    }
    await fake!.stop();
    await agent.stop('SIGKILL');
    const offline = run(stateDir);
    const { generation } = JSON.parse(readFileSync(join(stateDir, 'desired.json'), 'utf8')).desired;
    // status.json is written before the first pass too (a failed connect writes it):
    // wait for this process's first pass to have finished
    const status = await offline.waitForStatus(
      (s) => s.pid === offline.pid && s.lastPassAt !== null && s.appliedGeneration === generation,
    );
    expect(status.connected).toBe(false);
    const workloads = status.workloads as Array<{ phase: string }>;
    expect(workloads).toHaveLength(50);
    expect(workloads.every((w) => w.phase === 'running')).toBe(true);
    expect(offline.logs().some((l) => l.msg === 'running the saved desired state')).toBe(true);
    fake = undefined; // already stopped
  });
});
