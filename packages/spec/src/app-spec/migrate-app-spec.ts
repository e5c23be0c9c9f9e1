import { currentSpecVersion } from './app-spec-schema.js';

/**
 * Published specs live for years, so the document carries `specVersion` and every change
 * of shape ships a numbered migration here (tldraw's store migrations). `migrations[n]`
 * turns a version-n document into a version-(n+1) one. It must be pure, must not mutate
 * its input, and must never be edited once released: old documents depend on it.
 */
export type SpecMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Today's chain is empty: version 1 is the first shape. */
export const specMigrations: Readonly<Record<number, SpecMigration>> = {};

/** The result of a migration: the document at `to`, or why it could not be brought there. */
export type MigrationResult =
  | { ok: true; doc: unknown; from: number; to: number }
  | { ok: false; from: number; message: string };

/**
 * Brings a spec document of any released version to the current shape. Documents without
 * `specVersion` are version 1 (written before the field existed). Anything that is not an
 * object, or whose `specVersion` is not a positive integer, is returned unchanged for the
 * schema to report. Never throws; never mutates `doc`.
 */
export function migrateAppSpec(doc: unknown): MigrationResult {
  return migrateWith(doc, specMigrations, currentSpecVersion);
}

/** The mechanism behind `migrateAppSpec`, with the chain and target as inputs (for tests). */
export function migrateWith(
  doc: unknown,
  migrations: Readonly<Record<number, SpecMigration>>,
  current: number,
): MigrationResult {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { ok: true, doc, from: current, to: current };
  const record = doc as Record<string, unknown>;
  const declared = record.specVersion ?? 1;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 1)
    return { ok: true, doc, from: current, to: current };
  if (declared > current)
    return {
      ok: false,
      from: declared,
      message: `is ${declared}, newer than this Berth reads (up to ${current}): upgrade Berth or write specVersion ${current}`,
    };
  let migrated: Record<string, unknown> = { ...record, specVersion: declared };
  for (let version = declared; version < current; version++) {
    const step = migrations[version];
    if (!step) return { ok: false, from: declared, message: `has no migration from ${version}` };
    migrated = { ...step(migrated), specVersion: version + 1 };
  }
  return { ok: true, doc: migrated, from: declared, to: current };
}
