import type { WorkloadHealth } from '@berth/spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthMonitor, type ProbeResult } from './health-check.js';

const health = (check: WorkloadHealth['check']): WorkloadHealth => ({
  check,
  intervalSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 3,
  startPeriodSeconds: 0,
});
const http = health({ type: 'http', path: '/healthz', port: 8080 });

/** A monitor whose probe fails until `passAt` ms after the start; the probe times. */
function monitor(check: WorkloadHealth, passAt: number) {
  const start = Date.now();
  const probes: number[] = [];
  const changes: boolean[] = [];
  const run = async (): Promise<ProbeResult> => {
    const at = Date.now() - start;
    probes.push(at);
    return { ok: at >= passAt, message: at >= passAt ? 'ok' : 'refused' };
  };
  const m = new HealthMonitor(check, run, (s) => changes.push(s.healthy), start);
  return { m, probes, changes };
}

describe(HealthMonitor, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('probes a fresh container at once and every 50 ms until it passes', async () => {
    const { m, probes, changes } = monitor(http, 120);
    await vi.advanceTimersByTimeAsync(200);
    expect(probes).toEqual([0, 50, 100, 150]);
    expect(changes).toEqual([true]);
    m.stop();
  });

  it('probes with exec every 100 ms at first, since each probe costs the engine a process', async () => {
    const exec = health({ type: 'exec', command: ['mysqladmin', 'ping'] });
    const { m, probes } = monitor(exec, 10_000);
    await vi.advanceTimersByTimeAsync(450);
    expect(probes).toEqual([0, 100, 200, 300, 400]);
    m.stop();
  });

  it('spaces the probes of a slow starter out to 500 ms, then keeps to the interval once passed', async () => {
    const { m, probes } = monitor(http, 15_000);
    await vi.advanceTimersByTimeAsync(40_000);
    const passed = probes.findIndex((at) => at >= 15_000);
    const gaps = probes.slice(1).map((at, i) => at - probes[i]!);
    expect(Math.max(...gaps.slice(0, passed))).toBe(500);
    expect(gaps.slice(passed)).toEqual([10_000, 10_000]);
    m.stop();
  });
});
