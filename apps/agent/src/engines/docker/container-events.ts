import type { AgentLogger } from '../../agent-logger.js';
import type { EngineApi } from './engine-api.js';
import { labelKeys } from './naming.js';
import { JsonLineSplitter } from './stream-frames.js';

/**
 * What happened to a container that may change what its supervisor should do: it started,
 * exited (`die`; `oom` before it on Docker), or was removed. Exec events (the health
 * checks' own) are not among them, or every probe would cost a tick.
 */
const wakingActions = new Set(['start', 'die', 'died', 'oom', 'kill', 'destroy', 'remove']);

/** Reconnect delays after the stream ends: 1 s, doubling, at most 30 s. */
const retryMs = { first: 1000, cap: 30_000 };

/**
 * Follows the engine's event stream (`GET /events`, filtered by this agent's labels) and
 * calls `wake(instanceId)` when one of its containers starts, exits or disappears, so
 * the instance's supervisor looks at once instead of at its next poll: an init node that
 * finished is followed by the next level without waiting out `busyPollMs`, a crash is
 * restarted promptly. Events only trigger looks — supervisors still act on what they
 * list (level-based), and keep polling, so a lost or late event costs latency, never
 * correctness. The stream is reopened with backoff when it ends; `stop()` ends it.
 */
export class ContainerEvents {
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly api: EngineApi,
    private readonly labels: string[],
    private readonly wake: (instanceId: string) => void,
    private readonly logger: AgentLogger,
  ) {}

  start(): void {
    if (this.stopped || this.controller) return;
    void this.follow();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller?.abort();
  }

  private async follow(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const res = await this.api.events(this.labels, controller.signal);
      const lines = new JsonLineSplitter(64 * 1024);
      for await (const chunk of res as AsyncIterable<Buffer>) {
        this.failures = 0;
        for (const event of lines.push(chunk)) this.handle(event);
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        this.failures++;
        this.logger.debug({ err: String(error) }, 'engine event stream failed');
      }
    } finally {
      this.controller = undefined;
    }
    if (this.stopped) return;
    const delay = Math.min(retryMs.cap, retryMs.first * 2 ** Math.min(this.failures, 10));
    this.timer = setTimeout(() => this.start(), delay);
    this.timer.unref();
  }

  private handle(event: unknown): void {
    const { Type, Action, Actor } = (event ?? {}) as {
      Type?: string;
      Action?: string;
      Actor?: { Attributes?: Record<string, string> };
    };
    if (Type !== undefined && Type !== 'container') return;
    // Docker appends details to some actions ("health_status: healthy"); compare the verb.
    const verb = (Action ?? '').split(':')[0]!.trim();
    const instance = Actor?.Attributes?.[labelKeys.instance];
    if (instance && wakingActions.has(verb)) this.wake(instance);
  }
}
