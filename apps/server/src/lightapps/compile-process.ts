import { type LightAppConfig, type ProcessWorkloadSpec, processWorkloadSpec } from '@berth/spec';
import { hashOf } from '../instances/compile-workload.js';
import type { LightAppRow, LightVersionRow } from './light-app-records.js';

/**
 * A light app's workload id on a host: by the app's id, not its name, so two accounts'
 * apps of one name on a shared cluster's host never collide.
 */
export function lightWorkloadId(app: LightAppRow): string {
  return `lightapp-${app.id}`;
}

/** Where agents fetch a package: node-signed, resumable (`agents/blob-routes.ts`). */
export function blobPath(sha256: string): string {
  return `/api/v1/agent/blobs/${sha256}`;
}

/**
 * A published light app version as the `process` workload the agents' process driver
 * runs. Pure; equal versions compile to equal revisions, so deploying the same version
 * again changes nothing on a host.
 */
export function compileProcess(
  app: LightAppRow,
  version: LightVersionRow,
): { spec: ProcessWorkloadSpec; revision: string } {
  const pkg = version.package;
  const config = version.config as LightAppConfig | null;
  if (!pkg || !config) throw new Error(`version ${version.version} is not publishable`);
  const spec = processWorkloadSpec.parse({
    app: app.name,
    version: version.version,
    language: app.language,
    arch: app.arch,
    package: { path: blobPath(pkg.sha256), sha256: pkg.sha256, size: pkg.size, format: pkg.format },
    entry: config.entry,
    args: config.args,
    env: config.env,
    memoryMi: config.memoryMi,
    cpuMillis: config.cpuMillis,
    run: config.run,
  });
  return { spec, revision: hashOf(spec) };
}
