import { request } from 'node:http';
import { connect } from 'node:net';
import type { WorkloadHealth } from '@berth/spec';

/** The outcome of one probe. `message` says why it failed (never an env value). */
export interface ProbeResult {
  ok: boolean;
  message: string;
}

/** Where and how to probe one container. */
export interface ProbeTarget {
  /** The address of the container's ports: its IP on the instance network, or 127.0.0.1. */
  address: (port: number) => { host: string; port: number } | undefined;
  /** Runs argv in the container to completion (the exec API). */
  exec: (argv: string[], timeoutMs: number) => Promise<{ exitCode: number; output: string }>;
}

/**
 * Runs a node's health check once, as the agent does for Podman (whose Docker API runs
 * no health checks itself): HTTP GET answering 2xx/3xx, a TCP connect, or an argv run
 * through the exec API exiting 0. Resolves within `timeoutSeconds`; never throws.
 */
export async function probe(
  check: WorkloadHealth['check'],
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeResult> {
  try {
    if (check.type === 'exec') {
      const result = await target.exec(check.command, timeoutMs);
      if (result.exitCode === 0) return { ok: true, message: 'ok' };
      const output = result.output.trim().split('\n').slice(-2).join(' | ').slice(0, 200);
      return {
        ok: false,
        message: `${check.command[0]} exited with ${result.exitCode}${output ? `: ${output}` : ''}`,
      };
    }
    const at = target.address(check.port);
    if (!at) return { ok: false, message: `no address for port ${check.port} yet` };
    if (check.type === 'tcp') return await tcpProbe(at.host, at.port, timeoutMs);
    return await httpProbe(at.host, at.port, check.path, timeoutMs);
  } catch (error) {
    return { ok: false, message: (error as Error).message.slice(0, 200) };
  }
}

function httpProbe(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const target = `GET http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  return new Promise((resolve) => {
    const req = request({
      host,
      port,
      path: path.startsWith('/') ? path : `/${path}`,
      method: 'GET',
      agent: false,
      headers: { 'user-agent': 'berth-agent-health', connection: 'close' },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ ok: false, message: `${target}: no answer in ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      const status = res.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 400, message: `${target}: ${status}` });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `${target}: ${error.message}` });
    });
    req.end();
  });
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, message: `tcp ${host}:${port}: no connection in ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => done({ ok: true, message: 'ok' }));
    socket.on('error', (error) =>
      done({ ok: false, message: `tcp ${host}:${port}: ${error.message}` }),
    );
  });
}

/** Where a health monitor stands. */
export interface HealthState {
  /** Passed since the container started, and not failing past the threshold since. */
  healthy: boolean;
  /** Failed `failureThreshold` times in a row after the start period. */
  unhealthy: boolean;
  /** The last probe's message. */
  message: string;
}

/**
 * Probes one running container on its node's schedule. The first probe runs at once;
 * until the first success they follow each other quickly — every 50 ms (100 ms for an
 * exec, which costs the engine a process) for the first seconds after the start, then
 * spaced out to a twentieth of the time since the start, at most 500 ms — so a node
 * that is ready at once is seen ready within a few dozen milliseconds and one that takes
 * its time is not probed in a busy loop; after that, every `intervalSeconds`. Failures within
 * `startPeriodSeconds` of the start do not count, and at most one failure counts per
 * interval. `onChange` is called when `healthy` or `unhealthy` flips. Timers are
 * unref'd; `stop()` ends it.
 */
export class HealthMonitor {
  private failures = 0;
  private passed = false;
  /** A failure counts only at the node's interval (and after its start period). */
  private countFrom: number;
  private current: HealthState = { healthy: false, unhealthy: false, message: 'not probed yet' };
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly health: WorkloadHealth,
    private readonly run: () => Promise<ProbeResult>,
    private readonly onChange: (state: HealthState) => void,
    private readonly startedAt: number,
    private readonly now: () => number = Date.now,
  ) {
    this.countFrom = startedAt + health.startPeriodSeconds * 1000;
    this.schedule(0);
  }

  get state(): HealthState {
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const result = await this.run();
    if (this.stopped) return;
    const { failureThreshold, intervalSeconds } = this.health;
    const now = this.now();
    if (result.ok) {
      this.failures = 0;
      this.passed = true;
    } else if (now >= this.countFrom) {
      this.failures++;
      // Probes before the first success come quickly; they count once per interval.
      this.countFrom = now + intervalSeconds * 1000 - 250;
    }
    const next: HealthState = {
      healthy: this.passed && this.failures < failureThreshold,
      unhealthy: this.failures >= failureThreshold,
      message: result.message,
    };
    const flipped =
      next.healthy !== this.current.healthy || next.unhealthy !== this.current.unhealthy;
    this.current = next;
    if (flipped) this.onChange(next);
    this.schedule(this.passed ? intervalSeconds * 1000 : this.untilFirstSuccess(now));
  }

  /** The pause before the next probe while none has passed yet (see the class comment). */
  private untilFirstSuccess(now: number): number {
    const quickest = this.health.check.type === 'exec' ? 100 : 50;
    const cap = Math.min(500, this.health.intervalSeconds * 1000);
    return Math.min(cap, Math.max(quickest, (now - this.startedAt) / 20));
  }
}
