import { afterEach, describe, expect, it } from 'vitest';
import { FakeControlPlane } from '../../apps/agent/src/testing/fake-control-plane.js';
import { noopWorkload } from '../../apps/agent/src/testing/test-agent.js';
import { AgentProcess, runAgentCommand, tempStateDir } from '../harness/agent-process.js';
import { FaultProxy } from '../harness/fault-proxy.js';

/** A real agent process behind a fault proxy: partitions heal without lost or doubled events (R20). */

let fake: FakeControlPlane;
let proxy: FaultProxy;
let agent: AgentProcess | undefined;
afterEach(async () => {
  await agent?.dispose();
  agent = undefined;
  await proxy?.stop();
  await fake?.stop();
});

async function agentBehindProxy(): Promise<AgentProcess> {
  fake = await FakeControlPlane.start({ heartbeatSeconds: 1 });
  proxy = await FaultProxy.start({ port: fake.port });
  const stateDir = tempStateDir();
  const join = await runAgentCommand(
    ['join', '--server', proxy.url, '--node', 'gate-01', '--state-dir', stateDir],
    { BERTH_JOIN_TOKEN: fake.addToken('gate-01') },
  );
  expect(join.code, join.stderr).toBe(0);
  const started = AgentProcess.run(stateDir);
  await started.waitForLog('connected to the server', () => true, 15_000);
  return started;
}

const createdEvents = () => [...fake.events.values()].filter((e) => e.reason === 'created');

describe('an agent partitioned from its server', () => {
  it('converges on what changed during a cut, with every event stored once', async () => {
    agent = await agentBehindProxy();
    fake.setDesired({ workloads: [noopWorkload('a')] });
    await fake.waitFor(() => fake.acks().includes(1), 10_000);
    proxy.cut();
    fake.setDesired({ workloads: [noopWorkload('a'), noopWorkload('b'), noopWorkload('c')] });
    await new Promise((r) => setTimeout(r, 1500));
    proxy.heal();
    await fake.waitFor(() => fake.acks().includes(2), 30_000, 'ack 2 after healing');
    await fake.waitFor(() => createdEvents().length === 3, 10_000, 'three created events');
    // An event whose confirmation the cut swallowed is sent again with its id (the server
    // stores it once); what must not happen is a second event for the same change.
    await new Promise((r) => setTimeout(r, 500));
    expect(
      createdEvents()
        .map((e) => e.workload)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('leaves a black-holed connection once the server falls silent, and converges after healing', async () => {
    agent = await agentBehindProxy();
    proxy.blackhole();
    fake.setDesired({ workloads: [noopWorkload('web')] }); // sent into the hole
    await agent.waitForLog('server silent', () => true, 15_000);
    proxy.heal();
    await fake.waitFor(() => fake.acks().includes(1), 30_000, 'ack after healing');
    await fake.waitFor(() => createdEvents().length === 1, 10_000);
    expect(createdEvents().map((e) => e.workload)).toEqual(['web']);
  });
});
