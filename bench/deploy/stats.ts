import { loadavg } from 'node:os';

/** Median, min and max of some timings, rounded to the millisecond. */
export interface Spread {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number[];
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    medianMs: Math.round(median),
    minMs: Math.round(sorted[0] ?? 0),
    maxMs: Math.round(sorted.at(-1) ?? 0),
    runs: values.map((v) => Math.round(v)),
  };
}

/** The 1-minute load average, to two decimals. */
export function load1(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/**
 * Waits (up to `maxWaitMs`) for the 1-minute load average to drop below `below`: the
 * machine is shared and its other users' test runs double what a deploy takes.
 * Returns the load it settled on, whether or not it got there.
 */
export async function quietMachine(
  below: number,
  maxWaitMs: number,
  log: (line: string) => void,
): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let said = false;
  while (load1() >= below && Date.now() < deadline) {
    if (!said) log(`load ${load1()} ≥ ${below}: waiting up to ${Math.round(maxWaitMs / 1000)} s`);
    said = true;
    await sleep(5000);
  }
  return load1();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a value; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  everyMs: number,
  timeoutMs: number,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline)
      throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
    await sleep(everyMs);
  }
}
