import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from './agent.js';
import { NotJoinedError, StateLockedError } from './agent-errors.js';
import { createAgentLogger } from './agent-logger.js';
import type {
  DriverContext,
  ObservedWorkload,
  ReconcileAction,
} from './reconcile/engine-driver.js';
import { NoopDriver } from './reconcile/noop-driver.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import {
  disposeTestAgent,
  eventually,
  noopWorkload,
  startTestAgent,
  type TestAgent,
} from './testing/test-agent.js';
import { testFacts } from './testing/test-facts.js';

let fake: FakeControlPlane;
let test: TestAgent | undefined;
afterEach(async () => {
  await disposeTestAgent(test);
  test = undefined;
  await fake?.stop();
});

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe(startAgent, () => {
  it('answers the challenge, then persists, applies and acknowledges the desired state', async () => {
    fake = await FakeControlPlane.start();
    fake.setDesired({ generation: 3, workloads: [noopWorkload('web'), noopWorkload('db')] });
    test = await startTestAgent(fake);
    await fake.waitFor(() => fake.acks().includes(3), 5000, 'ack 3');
    const hello = fake.messages.find((m) => m.type === 'hello');
    expect(hello).toMatchObject({ nodeId: test.nodeId, appliedGeneration: 0, protocol: 1 });
    expect(readJson(test.stateDir, 'desired.json').desired.generation).toBe(3);
    expect(readJson(test.stateDir, 'applied.json').generation).toBe(3);
    const status = await fake.waitFor(() =>
      fake.messages.findLast((m) => m.type === 'status' && m.generation === 3),
    );
    expect(status).toMatchObject({
      workloads: [
        { id: 'web', phase: 'running' },
        { id: 'db', phase: 'running' },
      ],
    });
    await fake.waitFor(() => fake.events.size === 2, 5000, 'two events');
    expect([...fake.events.values()].map((e) => e.reason)).toEqual(['created', 'created']);
    expect(fake.invalidMessages).toEqual([]);
  });

  it('follows every new desired state, in order, and reconciles the difference', async () => {
    fake = await FakeControlPlane.start();
    test = await startTestAgent(fake);
    await fake.waitFor(() => fake.openSessions().length === 1);
    fake.setDesired({ workloads: [noopWorkload('a'), noopWorkload('b')] });
    fake.setDesired({ workloads: [noopWorkload('a', 'r2')] });
    await fake.waitFor(() => fake.acks().includes(2), 5000, 'ack 2');
    expect(test.agent.snapshot().workloads.map((w) => [w.id, w.phase])).toEqual([['a', 'running']]);
    expect((await test.driver.observe()).map((w) => [w.id, w.revision])).toEqual([['a', 'r2']]);
  });

  it('corrects drift on its periodic pass, without a new desired state', async () => {
    fake = await FakeControlPlane.start();
    fake.setDesired({ workloads: [noopWorkload('web')] });
    test = await startTestAgent(fake);
    await fake.waitFor(() => fake.acks().includes(1));
    test.driver.tamper('web', 'delete');
    await fake.waitFor(
      () => [...fake.events.values()].filter((e) => e.reason === 'created').length === 2,
    );
  });

  it('reports the progress a driver shows during a long apply, before the pass ends', async () => {
    fake = await FakeControlPlane.start();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    /** Installs `slow` like a download on a slow link: shown as downloading until released. */
    class SlowDriver extends NoopDriver {
      private context: DriverContext | undefined;
      attach(context: DriverContext) {
        this.context = context;
      }
      override async apply(action: ReconcileAction) {
        if (action.type !== 'remove' && action.workload.id === 'slow') {
          const { id, revision } = action.workload;
          this.tamper(id, 'delete');
          this.shown.set(id, { id, revision, phase: 'downloading', nodes: [] });
          this.context?.changed();
          await gate;
          this.shown.delete(id);
        }
        return super.apply(action);
      }
      readonly shown = new Map<string, ObservedWorkload>();
      override async observe() {
        return [...(await super.observe()), ...this.shown.values()];
      }
    }
    fake.setDesired({ generation: 1, workloads: [noopWorkload('slow')] });
    test = await startTestAgent(fake, { drivers: [new SlowDriver()] });
    try {
      const interim = await fake.waitFor(
        () =>
          fake.messages.find(
            (m) =>
              m.type === 'status' &&
              m.workloads.some((w) => w.id === 'slow' && w.phase === 'downloading'),
          ),
        5000,
        'a status saying downloading',
      );
      expect(interim).toMatchObject({ generation: 0 });
      expect(fake.acks()).not.toContain(1);
    } finally {
      release();
    }
    await fake.waitFor(() => fake.acks().includes(1), 5000, 'ack 1');
  });

  it('sends heartbeats at the interval the server asks for', async () => {
    fake = await FakeControlPlane.start({ heartbeatSeconds: 1 });
    test = await startTestAgent(fake);
    await fake.waitFor(
      () => fake.messages.filter((m) => m.type === 'heartbeat').length >= 2,
      5000,
      'two heartbeats',
    );
  });

  it('runs the saved desired state with the server down, then resyncs when it returns', async () => {
    fake = await FakeControlPlane.start();
    fake.setDesired({ workloads: [noopWorkload('web')] });
    test = await startTestAgent(fake);
    await fake.waitFor(() => fake.acks().includes(1));
    await test.agent.stop();
    await fake.stop();

    // A reboot with the platform unreachable: a new process, an empty engine.
    test = await startTestAgent(fake, { stateDir: test.stateDir });
    await eventually(() => test!.agent.snapshot().workloads[0]?.phase === 'running', 5000);
    expect(test.agent.snapshot()).toMatchObject({ connected: false, appliedGeneration: 1 });

    fake.setDesired({ workloads: [noopWorkload('web', 'r2'), noopWorkload('api')] });
    await fake.restart();
    await fake.waitFor(() => fake.acks().includes(2), 5000, 'ack 2 after the restart');
    const hellos = fake.messages.filter((m) => m.type === 'hello');
    expect(hellos.at(-1)).toMatchObject({ appliedGeneration: 1 });
    expect((await test.driver.observe()).map((w) => `${w.id}@${w.revision}`).sort()).toEqual([
      'api@r1',
      'web@r2',
    ]);
  });

  it('refuses a state directory without a credential', async () => {
    fake = await FakeControlPlane.start();
    const dir = join(process.cwd(), 'node_modules/.cache/berth-agent-not-joined');
    rmSync(dir, { recursive: true, force: true });
    await expect(
      startAgent({
        stateDir: dir,
        logger: createAgentLogger('error', { write: () => true }),
        drivers: [],
        collectFacts: async () => testFacts,
        agentVersion: '0',
      }),
    ).rejects.toBeInstanceOf(NotJoinedError);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to run twice on one state directory', async () => {
    fake = await FakeControlPlane.start();
    test = await startTestAgent(fake);
    await expect(startTestAgent(fake, { stateDir: test.stateDir })).rejects.toBeInstanceOf(
      StateLockedError,
    );
  });
});
