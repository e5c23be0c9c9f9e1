/**
 * A page whose lazily loaded chunk failed to arrive: the server was updated while the
 * page was open (the old hashed chunks are gone), or the connection dropped while it
 * loaded. Browsers remember a failed module import for the life of the page, so asking
 * again in place fails again; reloading the page is the one way to recover.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(
    message,
  );
}

export const chunkReloadKey = 'berth.chunkReloadAt';

/** What `reloadOnce` needs of the browser, so it can be tested without one. */
export interface ReloadDeps {
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  now: number;
  reload: () => void;
}

/**
 * Reloads the page, unless this tab already did so for a failed chunk within
 * `windowMs`: then the reload did not help and another would only loop, so the
 * person gets the choice instead. Returns whether it reloaded.
 */
export function reloadOnce({ storage, now, reload }: ReloadDeps, windowMs = 30_000): boolean {
  const last = Number(storage.getItem(chunkReloadKey) ?? Number.NaN);
  if (Number.isFinite(last) && now - last >= 0 && now - last < windowMs) return false;
  storage.setItem(chunkReloadKey, String(now));
  reload();
  return true;
}
