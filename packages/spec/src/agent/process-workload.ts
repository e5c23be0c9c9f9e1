import { z } from 'zod';
import { versionName } from '../apps/version-name.js';
import {
  envName,
  lightAppLanguages,
  lightAppName,
  packagePath,
  runMode,
} from '../lightapps/light-app-requests.js';
import { architectures } from './node-facts.js';

/** The workload kind of a light app on a host: one program, run by the process driver. */
export const processWorkloadKind = 'process';

/**
 * What the agent's process driver runs for one light app on one host (domain §8). The
 * package is fetched from `package.path` on the control plane (node-signed, resumable
 * with Range), checked against `sha256` and unpacked into a folder of its own version.
 * `args` and `env` are passed to `execve` as they are, never through a shell (R14).
 */
export const processWorkloadSpec = z.object({
  app: lightAppName,
  version: versionName,
  language: z.enum(lightAppLanguages),
  arch: z.enum(architectures).nullable(),
  package: z.object({
    /** Path on the control plane, e.g. `/api/v1/agent/blobs/<sha256>`. */
    path: z.string().max(256),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().min(0),
    format: z.enum(['zip', 'tar.gz']),
  }),
  entry: packagePath,
  args: z.array(z.string().max(4096)).max(64),
  env: z.record(envName, z.string().max(8192)),
  memoryMi: z.number().int().min(1),
  cpuMillis: z.number().int().min(1),
  run: runMode,
});
export type ProcessWorkloadSpec = z.infer<typeof processWorkloadSpec>;

/** Phases the process driver reports for a light app (the workload status `phase`). */
export const processPhases = ['downloading', 'starting', 'running', 'failed'] as const;

/** What an agent signs to fetch a blob: node id, digest and time bind the request. */
export function blobRequestText(nodeId: string, sha256: string, time: string): string {
  return `berth-blob:v1:${nodeId}:${sha256}:${time}`;
}
