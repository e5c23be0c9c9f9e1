import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { loginThrottle } from '../db/schema.js';
import { TooManyRequestsError } from '../errors.js';

export interface LoginThrottlePolicy {
  /** Failures are counted within this window, then forgotten. */
  windowMs: number;
  /** Failures per key before answers start to slow down. */
  slowAfter: number;
  /** The first extra delay; it doubles with each further failure, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures for one username before it is locked for `lockMs`. */
  lockAfterUser: number;
  /** Failures from one source address before it is locked for `lockMs`. */
  lockAfterAddress: number;
  lockMs: number;
}

export const defaultLoginThrottlePolicy: LoginThrottlePolicy = {
  windowMs: 15 * 60_000,
  slowAfter: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  lockAfterUser: 10,
  lockAfterAddress: 50,
  lockMs: 15 * 60_000,
};

export interface ThrottleKeys {
  user: string;
  address: string;
}

const keysOf = (k: ThrottleKeys) => ({ user: `user:${k.user}`, address: `ip:${k.address}` });

/**
 * Login throttling per username and per source address, in the database so that every
 * replica counts the same failures. Repeated failures first slow the answer down
 * (exponentially), then lock the key for a while. Counting is a single upsert, so
 * concurrent attempts cannot undercount.
 */
export class LoginThrottle {
  constructor(
    private readonly deps: { db: Db; clock: Clock },
    private readonly policy: LoginThrottlePolicy,
  ) {}

  /** @throws TooManyRequestsError when the user or the address is locked. */
  async assertNotLocked(keys: ThrottleKeys): Promise<void> {
    const k = keysOf(keys);
    const now = this.deps.clock.now();
    const rows = await this.deps.db
      .select()
      .from(loginThrottle)
      .where(inArray(loginThrottle.key, [k.user, k.address]));
    for (const row of rows) {
      if (row.lockedUntil && row.lockedUntil > now) {
        const seconds = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
        const who = row.key === k.user ? 'this username' : 'your address';
        throw new TooManyRequestsError(
          `Too many failed sign-ins for ${who}: try again in ${describeSeconds(seconds)}`,
          seconds,
          'login_locked',
        );
      }
    }
  }

  /** Counts a failure for both keys, locks where due, and waits the slow-down delay. */
  async recordFailure(keys: ThrottleKeys): Promise<void> {
    const k = keysOf(keys);
    const [userFailures, addressFailures] = await Promise.all([
      this.count(k.user, this.policy.lockAfterUser),
      this.count(k.address, this.policy.lockAfterAddress),
    ]);
    const failures = Math.max(userFailures, addressFailures);
    if (failures > this.policy.slowAfter) {
      const exp = failures - this.policy.slowAfter - 1;
      const delay = Math.min(
        this.policy.maxDelayMs,
        this.policy.baseDelayMs * 2 ** Math.min(exp, 20),
      );
      await this.deps.clock.sleep(delay);
    }
  }

  /** A successful sign-in clears the user's count (the address count keeps running). */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.deps.db.delete(loginThrottle).where(eq(loginThrottle.key, keysOf(keys).user));
  }

  /** Forgets counts whose window and lock have both passed. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const windowStart = new Date(now.getTime() - this.policy.windowMs);
    const gone = await this.deps.db
      .delete(loginThrottle)
      .where(
        and(
          lt(loginThrottle.windowStartedAt, windowStart),
          or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now)),
        ),
      )
      .returning({ key: loginThrottle.key });
    return gone.length;
  }

  private async count(key: string, lockAfter: number): Promise<number> {
    const now = this.deps.clock.now();
    const windowStart = new Date(now.getTime() - this.policy.windowMs);
    const lockUntil = new Date(now.getTime() + this.policy.lockMs);
    const expired = sql`${loginThrottle.windowStartedAt} < ${windowStart}`;
    const next = sql`case when ${expired} then 1 else ${loginThrottle.failures} + 1 end`;
    const [row] = await this.deps.db
      .insert(loginThrottle)
      .values({
        key,
        failures: 1,
        windowStartedAt: now,
        lockedUntil: lockAfter <= 1 ? lockUntil : null,
      })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: next,
          windowStartedAt: sql`case when ${expired} then ${now} else ${loginThrottle.windowStartedAt} end`,
          lockedUntil: sql`case when ${next} >= ${lockAfter} then ${lockUntil} else ${loginThrottle.lockedUntil} end`,
        },
      })
      .returning({ failures: loginThrottle.failures });
    return row?.failures ?? 1;
  }
}

function describeSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
