export interface BatchLoaderOptions {
  /** Most keys in one call of `loadMany`. */
  maxBatch: number;
  /** Most calls of `loadMany` running at once; later keys wait and make bigger batches. */
  maxInFlight: number;
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/**
 * Coalesces loads of single keys into calls of `loadMany` (one query for many keys).
 *
 * After a restart ten thousand agents say hello within seconds; a query per hello makes
 * the database round trips, not the work, the limit (and the pool's queue delays every
 * other query, the readiness probe's too). Keys asked for during one turn of the event
 * loop go out together at the end of it; while `maxInFlight` calls run, new keys queue
 * and leave in one batch when a call returns. A lone key waits no timer.
 *
 * A key is always read by a call that starts after it was asked for, never answered from
 * a call already running: a caller that registered interest before asking (e.g. a session
 * that will receive change notifications) cannot get a value older than its interest.
 */
export class BatchLoader<K, V> {
  private queue = new Map<K, Waiter<V>[]>();
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Resolves to the values of the keys that exist; a missing key loads as undefined. */
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: BatchLoaderOptions,
  ) {}

  /** Resolves to the key's value, undefined when there is none; rejects if its batch failed. */
  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.queue.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.queue.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.size === 0 || this.inFlight >= this.options.maxInFlight)
      return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.size > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = new Map<K, Waiter<V>[]>();
      for (const [key, waiters] of this.queue) {
        if (batch.size >= this.options.maxBatch) break;
        batch.set(key, waiters);
        this.queue.delete(key);
      }
      this.inFlight++;
      this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Map<K, Waiter<V>[]>): Promise<void> {
    try {
      const values = await this.loadMany([...batch.keys()]);
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key));
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  }
}
