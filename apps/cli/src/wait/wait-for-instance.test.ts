import { BerthApiError, BerthConnectionError, type InstancesApi } from '@berth/client';
import type { Instance, InstanceEvent } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { aNodeStatus, anEvent, anInstance } from '../testing/fixtures.js';
import { FakeClock } from '../testing/run-cli-in-process.js';
import { createProgressPrinter } from './progress-printer.js';
import { type WaitGoal, waitForInstance } from './wait-for-instance.js';

const notFound = () =>
  new BerthApiError(
    { type: 'about:blank', title: 'Not found', status: 404, detail: 'gone', code: 'not_found' },
    { method: 'GET', url: 'http://berth.test/api/v1/instances/shop-north' },
  );

/**
 * A fake `instances` area that answers `reads` in turn (the last one for ever), and
 * `events` with the events seen up to that read.
 */
function fakeInstances(reads: (Instance | Error)[], events: InstanceEvent[][] = []) {
  let read = 0;
  const instances: Pick<InstancesApi, 'get' | 'events'> = {
    get: async () => {
      const answer = reads[Math.min(read++, reads.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    events: async () => ({ items: events[Math.min(read - 1, events.length - 1)] ?? [] }),
  };
  return instances;
}

async function wait(
  instances: Pick<InstancesApi, 'get' | 'events'>,
  goal: WaitGoal,
  options: { started?: Instance; timeoutMs?: number } = {},
) {
  const clock = new FakeClock(Date.parse('2025-01-01T12:00:00.000Z'));
  let text = '';
  const progress = createProgressPrinter((t) => {
    text += t;
  }, false);
  const outcome: { value?: Instance | undefined; error?: unknown } = await waitForInstance(
    { instances, now: clock.now, sleep: clock.sleep, progress },
    goal,
    { started: options.started ?? anInstance(), timeoutMs: options.timeoutMs ?? 600_000 },
  ).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, lines: text.split('\n').slice(0, -1), clock };
}

const phase = (p: Instance['status']['phase'], extra: Partial<Instance['status']> = {}) =>
  anInstance({ status: { phase: p, ...extra } });

describe(waitForInstance, () => {
  it('polls every second until running, printing each change and each new event', async () => {
    const deploying = phase('deploying', { nodes: [aNodeStatus('web', 'starting')] });
    const running = phase('running', { nodes: [aNodeStatus('web', 'running')] });
    const pulled = anEvent({
      time: '2025-01-01T12:00:01.000Z',
      node: 'web',
      reason: 'Pulled',
      message: 'pulled the image',
      source: 'agent',
    });
    const before = anEvent({ time: '2025-01-01T11:00:00.000Z', reason: 'Old' });

    const { value, lines, clock } = await wait(
      fakeInstances(
        [deploying, deploying, running],
        [[before], [before, pulled], [before, pulled]],
      ),
      { phase: 'running' },
    );

    expect(value).toEqual(running);
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
    expect(lines).toEqual([
      'shop-north: pending',
      'shop-north: pending → deploying',
      '  web: starting',
      expect.stringMatching(/^ {2}\[\d\d:\d\d:01\] web Pulled: pulled the image$/),
      'shop-north: deploying → running',
      '  web: starting → running',
    ]);
  });

  it('fails with exit code 10 and the reason when the instance fails', async () => {
    const failed = phase('failed', { reason: 'not healthy within 60 s: web (starting)' });

    const { error } = await wait(fakeInstances([phase('deploying'), failed]), { phase: 'running' });

    expect(error).toMatchObject({
      exitCode: 10,
      message: 'deployment failed: not healthy within 60 s: web (starting)',
    });
  });

  it('fails with exit code 10 when an upgrade is rolled back, saying why', async () => {
    const started = anInstance({ version: '1.1.0', previousVersion: '1.0.0' });
    const back = anInstance({
      version: '1.0.0',
      previousVersion: '1.1.0',
      status: { phase: 'deploying' },
    });
    const failed = anEvent({
      time: '2025-01-01T12:00:02.000Z',
      reason: 'UpgradeFailed',
      message: '1.1.0: web (unhealthy: healthz 500)',
    });

    const { error, lines } = await wait(
      fakeInstances([started, back], [[], [failed]]),
      { phase: 'running', version: '1.1.0' },
      { started },
    );

    expect(error).toMatchObject({
      exitCode: 10,
      message: 'deployment failed: 1.1.0: web (unhealthy: healthz 500); rolled back to 1.0.0',
    });
    expect(lines).toContain('shop-north: version 1.1.0 → 1.0.0');
  });

  it('says the server rolls back when an upgrade fails before it does', async () => {
    const failed = anInstance({
      version: '1.1.0',
      previousVersion: '1.0.0',
      status: { phase: 'failed', reason: 'web (failed)' },
    });

    const { error } = await wait(fakeInstances([failed]), { phase: 'running', version: '1.1.0' });

    expect((error as Error).message).toBe(
      'deployment failed: web (failed); the server rolls it back to 1.0.0',
    );
  });

  it('times out with exit code 11, saying where the instance is', async () => {
    const { error, clock } = await wait(
      fakeInstances([phase('deploying', { reason: 'waiting for the host to come online' })]),
      { phase: 'running' },
      { timeoutMs: 5000 },
    );

    expect(error).toMatchObject({ exitCode: 11 });
    expect((error as Error).message).toMatch(
      /^Timed out after 5s waiting for instance "shop-north" to be running \(it is deploying: waiting for the host to come online\)/,
    );
    expect(clock.sleeps).toHaveLength(5);
  });

  it('ends when a deleted instance answers 404', async () => {
    const deleting = phase('deleting');

    const { value, lines, error } = await wait(fakeInstances([deleting, deleting, notFound()]), {
      phase: 'deleted',
    });

    expect(error).toBeUndefined();
    expect(value).toBeUndefined();
    expect(lines.at(-1)).toBe('shop-north: deleted');
  });

  it('answers a 404 while waiting for anything but a deletion as it is', async () => {
    const { error } = await wait(fakeInstances([notFound()]), { phase: 'running' });

    expect(error).toBeInstanceOf(BerthApiError);
  });

  it('reaches stopped, and fails when the instance is deleted while it waits to run', async () => {
    const stopped = await wait(fakeInstances([phase('deploying'), phase('stopped')]), {
      phase: 'stopped',
    });
    const deleted = await wait(fakeInstances([phase('deleting')]), { phase: 'running' });

    expect(stopped.value?.status.phase).toBe('stopped');
    expect(deleted.error).toMatchObject({
      exitCode: 10,
      message: 'deployment failed: the instance is being deleted',
    });
  });

  it('retries when the server cannot be reached, saying so once', async () => {
    const down = new BerthConnectionError('http://berth.test/', new Error('connect ECONNREFUSED'));

    const { value, lines } = await wait(fakeInstances([down, down, phase('running')]), {
      phase: 'running',
    });

    expect(value?.status.phase).toBe('running');
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(1);
  });
});
