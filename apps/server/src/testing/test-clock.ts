import type { Clock } from '../clock.js';

/** A clock that tests move by hand. `sleep` records the wait and returns at once. */
export class TestClock implements Clock {
  readonly sleeps: number[] = [];
  private current: number;

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
  }
}
