import {
  appName,
  combinationErrorMessage,
  deployments,
  displayName,
  distributions,
  formatPath,
  isAllowedCombination,
  osTypes,
  versionName,
} from '@berth/spec';
import { z } from 'zod';

/** The `apiVersion` an app file declares; a later shape of the file gets a new one. */
export const appFileApiVersion = 'berth/v1';

/** `metadata`: the app, as `POST /apps` creates it. */
const appMetadata = z
  .strictObject({
    name: appName,
    displayName: displayName.optional(),
    distribution: z.enum(distributions),
    deployment: z.enum(deployments),
    os: z.enum(osTypes).optional(),
  })
  .superRefine((metadata, ctx) => {
    if (!isAllowedCombination(metadata.distribution, metadata.deployment))
      ctx.addIssue({
        code: 'custom',
        path: ['deployment'],
        message: combinationErrorMessage(metadata.distribution, metadata.deployment),
      });
  });

/**
 * The file `berth apply -f` reads: a self-describing document, kubectl-style, that
 * names the app (`metadata`), the version, and holds that version's spec. Strict: an
 * unknown field is an error at its path. The spec itself is only required to be a
 * mapping here; `validateAppSpec` (offline) or the server (on apply) checks it.
 */
export const appFileSchema = z.strictObject({
  apiVersion: z.literal(appFileApiVersion),
  kind: z.literal('App'),
  metadata: appMetadata,
  version: versionName,
  spec: z.record(z.string(), z.unknown(), {
    error: (issue) =>
      issue.input === undefined
        ? 'is required: the app spec (parameters, nodes, …)'
        : 'must be a mapping: the app spec (parameters, nodes, …)',
  }),
});
export type AppFile = z.infer<typeof appFileSchema>;
export type AppMetadata = AppFile['metadata'];

/** An error of the file, with a path into the file. */
export interface AppFileError {
  path: (string | number)[];
  message: string;
}

/**
 * Checks a parsed document against the app file format. Returns the file, or every
 * error with its path in the file (`metadata.deployment`) and a message for people.
 */
export function parseAppFile(
  value: unknown,
): { ok: true; file: AppFile } | { ok: false; errors: AppFileError[] } {
  const parsed = appFileSchema.safeParse(value, { error: messageOf });
  if (parsed.success) return { ok: true, file: parsed.data };
  const errors: AppFileError[] = [];
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((k) => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(path);
      for (const key of issue.keys)
        errors.push({ path: [...path, key], message: `is not a known field${known}` });
    } else errors.push({ path, message: issue.message });
  }
  return { ok: false, errors };
}

/** Words for people where zod's defaults speak to programmers; schema messages win. */
function messageOf(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_value')
    return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'object') return 'must be a mapping';
    return `must be a ${issue.expected}`;
  }
  return undefined;
}

function knownKeys(path: readonly (string | number)[]): string {
  const where = formatPath(path);
  const shape =
    where === '' ? appFileSchema.shape : where === 'metadata' ? appMetadata.shape : undefined;
  return shape ? ` (known: ${Object.keys(shape).join(', ')})` : '';
}
