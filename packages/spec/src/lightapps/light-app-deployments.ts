import { z } from 'zod';
import { timestamp } from '../api/common.js';
import { versionName } from '../apps/version-name.js';
import { lightAppName } from './light-app-requests.js';

/** A cluster or node name as the clusters API spells them (a DNS label). */
const label = z
  .string()
  .min(1)
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens');

/**
 * `POST /api/v1/lightapps/{name}/deployments`: run a published version on these hosts of
 * a cluster. It replaces whatever version of the app each host ran before.
 */
export const createLightDeploymentRequest = z
  .strictObject({
    version: versionName,
    cluster: label,
    hosts: z
      .array(label)
      .min(1, 'name at least one host')
      .max(200, 'at most 200 hosts per deployment')
      .refine((hosts) => new Set(hosts).size === hosts.length, 'names a host twice'),
  })
  .meta({ example: { version: '1.0.0', cluster: 'edge-1', hosts: ['gate-01'] } });
export type CreateLightDeploymentRequest = z.infer<typeof createLightDeploymentRequest>;

/**
 * Where a deployment stands on one host: `queued` until the host's agent reports the
 * version; then what it reports; `replaced` once a later deployment of the app took the
 * host over.
 */
export const lightHostPhases = [
  'queued',
  'downloading',
  'starting',
  'running',
  'failed',
  'replaced',
] as const;
export type LightHostPhase = (typeof lightHostPhases)[number];

export const lightDeploymentHost = z.object({
  node: z.string(),
  phase: z.enum(lightHostPhases),
  message: z.string().nullable(),
  /** Whether the host enforces the memory and CPU limits; null until it says. */
  limitsEnforced: z.boolean().nullable(),
});
export type LightDeploymentHost = z.infer<typeof lightDeploymentHost>;

export const lightDeployment = z.object({
  id: z.string(),
  app: lightAppName,
  version: versionName,
  cluster: z.string(),
  createdAt: timestamp,
  hosts: z.array(lightDeploymentHost),
});
export type LightDeployment = z.infer<typeof lightDeployment>;

export const lightDeploymentParams = z.strictObject({
  lightapp: lightAppName,
  deployment: z.string().min(1).max(64),
});

/** What a host's agent reported about a light app (downloaded, started, exited, out of memory…). */
export const lightAppEvent = z.object({
  time: timestamp,
  host: z.string(),
  reason: z.string(),
  message: z.string(),
});
export type LightAppEvent = z.infer<typeof lightAppEvent>;

/** `GET /api/v1/lightapps/{name}/logs`: the program's output on one host. */
export const lightLogsQuery = z.strictObject({
  host: label,
  follow: z.enum(['true', 'false', '1', '0']).optional(),
  tail: z.coerce.number().int().min(0).max(100_000).default(200),
});
