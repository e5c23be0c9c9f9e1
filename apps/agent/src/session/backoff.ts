export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A session that lasted longer than this starts the next series from the base again. */
  resetAfterMs?: number;
  /** In [0, 1); injected by tests. */
  random?: () => number;
  /** Epoch ms; injected by tests. */
  now?: () => number;
}

/**
 * Reconnect delays: exponential backoff with full jitter (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"): the n-th delay in a row is uniform in
 * [0, min(cap, base · 2^n)). Full jitter spreads 200 agents that lost the same server
 * over the whole window instead of making them knock together (R23). A session that
 * lasted longer than `resetAfterMs` proves the server healthy: the next delay starts
 * from the base again; a session that dies at once keeps climbing, so a server that
 * accepts and then drops every connection is not hammered.
 */
export class Backoff {
  private attempts = 0;
  private connectedAt: number | undefined;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly resetAfterMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 500;
    this.capMs = options.capMs ?? 30_000;
    this.resetAfterMs = options.resetAfterMs ?? 60_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** A session was established (the server welcomed us). */
  connected(): void {
    this.connectedAt = this.now();
  }

  /** The delay before the next attempt, in ms. Call once per attempt. */
  next(): number {
    if (this.connectedAt !== undefined) {
      if (this.now() - this.connectedAt > this.resetAfterMs) this.attempts = 0;
      this.connectedAt = undefined;
    }
    const ceiling = this.ceiling(this.attempts);
    this.attempts++;
    return Math.floor(this.random() * ceiling);
  }

  /** The upper bound of the n-th delay (0-based). */
  ceiling(attempt: number): number {
    return Math.min(this.capMs, this.baseMs * 2 ** Math.min(attempt, 40));
  }

  reset(): void {
    this.attempts = 0;
    this.connectedAt = undefined;
  }
}
