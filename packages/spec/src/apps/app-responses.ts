import { z } from 'zod';
import { fieldError, timestamp } from '../api/common.js';
import { appSpecSchema } from '../app-spec/app-spec-schema.js';
import { specChange } from '../app-spec/spec-change.js';
import { deployments, distributions, osTypes } from './allowed-combinations.js';
import { appName } from './app-name.js';
import { versionKinds } from './create-version-request.js';
import { versionName } from './version-name.js';

/** An app template as the API answers it. */
export const app = z.object({
  name: appName,
  displayName: z.string().nullable(),
  distribution: z.enum(distributions),
  deployment: z.enum(deployments),
  os: z.enum(osTypes),
  createdAt: timestamp,
  latestVersion: versionName.nullable().meta({ description: 'Newest published version' }),
});
export type App = z.infer<typeof app>;

/** A draft can be edited and deleted; published is final; retired was replaced (account apps). */
export const versionStates = ['draft', 'published', 'retired'] as const;
export type VersionState = (typeof versionStates)[number];

/** One version of an app, with its spec. */
export const versionResponse = z.object({
  app: appName,
  version: versionName,
  kind: z.enum(versionKinds),
  from: versionName.nullable(),
  state: z.enum(versionStates),
  spec: appSpecSchema,
  createdAt: timestamp,
  publishedAt: timestamp.nullable(),
});
export type VersionResponse = z.infer<typeof versionResponse>;

/** A version without its spec, as lists answer it. */
export const versionSummary = versionResponse.omit({ spec: true });
export type VersionSummary = z.infer<typeof versionSummary>;

/** The query of a diff: the version to compare with. */
export const diffQuery = z.strictObject({ to: versionName });

/** The answer of a diff between two versions. */
export const specChanges = z.object({ items: z.array(specChange) });

/** The answer of validating a spec without saving it. */
export const validationResult = z.object({
  ok: z.boolean(),
  errors: z.array(fieldError),
});
export type ValidationResult = z.infer<typeof validationResult>;

/** Path parameters of the app and version routes. */
export const appParams = z.strictObject({ app: appName });
export const versionParams = z.strictObject({ app: appName, version: versionName });
