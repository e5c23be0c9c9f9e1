import type { ApplyResult } from '../app-file/apply-app-file.js';
import { plural } from './plural.js';

/**
 * What `berth apply` did, one line per action, kubectl-style:
 * `created app shop (instance × edge-hosted)`, `created draft shop 1.0.0 (initial)`,
 * `updated draft shop 1.0.0 (4 nodes)`.
 */
export function formatApply(result: ApplyResult): string {
  const { app, version } = result;
  const lines = result.actions.map((action) => {
    if (action === 'created-app')
      return `created app ${app.name} (${app.distribution} × ${app.deployment})`;
    if (action === 'created-draft') {
      const from = version.from ? ` of ${version.from}` : '';
      return `created draft ${app.name} ${version.version} (${version.kind}${from})`;
    }
    const nodes = plural(version.spec.nodes?.length ?? 0, 'node');
    return `updated draft ${app.name} ${version.version} (${nodes})`;
  });
  return `${lines.join('\n')}\n`;
}
