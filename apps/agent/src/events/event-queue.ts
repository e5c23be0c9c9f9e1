import { randomUUID } from 'node:crypto';
import type { AgentEvent } from '@berth/spec';
import type { ReconcileEvent } from '../reconcile/reconciler.js';

export interface EventQueueOptions {
  /** Called with the whole queue whenever it changed; persists it (events.json). */
  persist: (events: AgentEvent[]) => Promise<void>;
  /** Oldest events are dropped beyond this, with one `events_dropped` event in their place. */
  limit?: number;
  /** In-flight events without an acknowledgement after this long are sent again. Default 30 s. */
  resendAfterMs?: number;
  now?: () => Date;
}

/**
 * Events waiting to reach the server, kept on disk until acknowledged. Each event gets a
 * UUID when it is created, so resending it is safe: the server stores an id once. An
 * event is "in flight" once sent and leaves the queue only when the server's
 * `events-ack` says it is stored (a server that read it but failed to store it never
 * acknowledges it); when the session ends first, or no acknowledgement comes within
 * `resendAfterMs`, it is sent again.
 */
export class EventQueue {
  private events: AgentEvent[];
  /** Sent and not yet acknowledged: id → when sent (epoch ms). */
  private readonly inFlight = new Map<string, number>();
  private readonly limit: number;
  private readonly now: () => Date;
  private dropped = 0;

  constructor(
    initial: AgentEvent[],
    private readonly options: EventQueueOptions,
  ) {
    this.events = [...initial];
    this.limit = options.limit ?? 1000;
    this.now = options.now ?? (() => new Date());
  }

  get size(): number {
    return this.events.length;
  }

  /** Adds events with fresh ids and persists the queue. */
  async add(events: ReconcileEvent[]): Promise<AgentEvent[]> {
    if (events.length === 0) return [];
    const time = this.now().toISOString();
    const added = events.map((e) => ({ id: randomUUID(), time, ...e }));
    this.events.push(...added);
    this.trim(time);
    await this.options.persist(this.events);
    return added;
  }

  /**
   * Events to send now, oldest first, marked as in flight: those not sent yet, and
   * those sent more than `resendAfterMs` ago without an acknowledgement.
   */
  takeUnsent(max = 500): AgentEvent[] {
    const now = this.now().getTime();
    const resendBefore = now - (this.options.resendAfterMs ?? 30_000);
    const batch = this.events
      .filter((e) => {
        const sent = this.inFlight.get(e.id);
        return sent === undefined || sent <= resendBefore;
      })
      .slice(0, max);
    for (const event of batch) this.inFlight.set(event.id, now);
    return batch;
  }

  /** The server stored these (`events-ack`): they leave the queue. Unknown ids are ignored. */
  async confirm(ids: string[]): Promise<void> {
    const done = new Set(ids);
    for (const id of ids) this.inFlight.delete(id);
    const before = this.events.length;
    this.events = this.events.filter((e) => !done.has(e.id));
    if (this.events.length !== before) await this.options.persist(this.events);
  }

  /** The session ended: whatever was in flight is sent again on the next one. */
  sessionEnded(): void {
    this.inFlight.clear();
  }

  all(): readonly AgentEvent[] {
    return this.events;
  }

  /** A site offline for weeks must not fill its disk with events: keep the newest. */
  private trim(time: string): void {
    if (this.events.length <= this.limit) return;
    const excess = this.events.length - this.limit + 1;
    const removed = this.events.splice(0, excess);
    for (const event of removed) this.inFlight.delete(event.id);
    this.dropped += removed.filter((e) => e.reason !== 'events_dropped').length;
    this.events.unshift({
      id: randomUUID(),
      time,
      workload: null,
      node: null,
      reason: 'events_dropped',
      message: `${this.dropped} older events were dropped while the server was unreachable`,
    });
  }
}
