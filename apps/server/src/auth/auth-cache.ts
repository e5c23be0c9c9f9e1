import type { Principal } from './principal.js';

export interface AuthCacheOptions {
  /** How long a resolved principal is trusted without asking the database. */
  ttlMs: number;
  maxEntries: number;
}

interface Entry {
  principal: Principal;
  until: number;
}

/**
 * Recently resolved principals by token hash. Entries live at most `ttlMs` (and never
 * past the token's expiry); `invalidateUser` / `invalidateToken` drop them at once.
 * `generation` guards a race: a lookup that began before an invalidation must not put
 * its (possibly stale) result back into the cache.
 */
export class AuthCache {
  private readonly entries = new Map<string, Entry>();
  private gen = 0;

  constructor(private readonly options: AuthCacheOptions) {}

  get generation(): number {
    return this.gen;
  }

  get(tokenHash: string, now: Date): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= now.getTime()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  set(principal: Principal, now: Date, generation: number): void {
    if (generation !== this.gen || this.options.ttlMs <= 0) return;
    if (this.entries.size >= this.options.maxEntries) {
      // Map keeps insertion order: drop the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const expiry = principal.credential.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    const until = Math.min(now.getTime() + this.options.ttlMs, expiry);
    this.entries.set(principal.credential.tokenHash, { principal, until });
  }

  invalidateUser(userId: string): void {
    this.gen++;
    for (const [hash, entry] of this.entries) {
      if (entry.principal.userId === userId) this.entries.delete(hash);
    }
  }

  invalidateToken(tokenHash: string): void {
    this.gen++;
    this.entries.delete(tokenHash);
  }

  clear(): void {
    this.gen++;
    this.entries.clear();
  }
}
