import {
  type DeployPlan,
  type Distribution,
  distributions,
  parsePath,
  planDeployment,
  validateAppSpec,
} from '@berth/spec';
import type { LoadedFile } from './load-app-file.js';
import type { LocatedError } from './source-document.js';

/** The outcome of checking a file offline. */
export interface FileValidation {
  ok: boolean;
  /** Envelope errors (paths into the file), then spec errors (paths into the spec). */
  errors: LocatedError[];
  /** The deploy plan, when the file is valid. */
  plan?: DeployPlan;
}

/**
 * Validates a loaded file without a server: the envelope (already checked by
 * `loadAppFile`) and the spec with `validateAppSpec`, passing the app's distribution when
 * the file names a valid one, so the distribution rules run too. Spec errors keep the
 * validator's paths (as the server would answer them) and are located in the file. A
 * valid file gets its deploy plan. Pure.
 */
export function validateLoadedFile(file: LoadedFile): FileValidation {
  if (file.source.syntaxErrors.length > 0) return { ok: false, errors: file.errors };
  const errors = [...file.errors];
  const specMissing = file.format === 'app' && !isMapping(file.spec);
  if (specMissing) return { ok: false, errors };
  const distribution = distributionOf(file);
  const outcome = validateAppSpec(file.spec, distribution ? { distribution } : {});
  if (!outcome.ok) {
    for (const e of outcome.errors) {
      const keys = [...file.specPath, ...(parsePath(e.path) ?? [])];
      errors.push({ path: e.path, message: e.message, ...file.source.locate(keys) });
    }
    return { ok: false, errors };
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, errors, plan: planDeployment(outcome.spec) };
}

/** The distribution of the envelope, or of the raw metadata when the envelope has other errors. */
function distributionOf(file: LoadedFile): Distribution | undefined {
  if (file.app) return file.app.metadata.distribution;
  const raw = file.source.value as { metadata?: { distribution?: unknown } } | null;
  const value = raw?.metadata?.distribution;
  return distributions.find((d) => d === value);
}

function isMapping(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
