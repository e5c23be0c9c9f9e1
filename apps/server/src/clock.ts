/** Time, handed in so tests can move it. */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds (tests may skip ahead instead). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
