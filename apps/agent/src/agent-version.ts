import { readFileSync } from 'node:fs';

/**
 * The agent's version from its package.json, reported in the facts and the User-Agent.
 * Bundled into another program (the control plane's single-file build), the nearest
 * package.json is that program's; the monorepo versions its workspaces together, so the
 * number is still right. Never throws.
 */
export function readAgentVersion(
  packageJsonUrl = new URL('../package.json', import.meta.url),
): string {
  try {
    const pkg = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
