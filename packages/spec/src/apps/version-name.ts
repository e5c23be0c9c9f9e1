import { z } from 'zod';

/**
 * Version names are Semantic Versioning 2.0.0: `1.4.0`, `2.0.0-rc.1`, `1.0.0+build.7`.
 * The pattern is the one semver.org publishes.
 */
const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function versionMessage(input: unknown): string {
  if (typeof input === 'string' && /^v\d/.test(input))
    return `must be a semantic version without "v": ${input.slice(1)}`;
  return 'must be a semantic version such as 1.4.0 or 2.0.0-rc.1';
}

/** The zod schema of a version name. */
export const versionName = z
  .string()
  .max(64, { error: 'must be at most 64 characters', abort: true })
  .regex(semverPattern, { error: (issue) => versionMessage(issue.input) });

interface Parsed {
  core: [string, string, string];
  pre: string[];
}

function parse(version: string): Parsed {
  const match = semverPattern.exec(version);
  if (!match) throw new RangeError(`not a semantic version: ${JSON.stringify(version)}`);
  return {
    core: [match[1] as string, match[2] as string, match[3] as string],
    pre: match[4] ? match[4].split('.') : [],
  };
}

const numeric = /^\d+$/;

/** Compares digit strings without leading zeros as numbers of any size. */
function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentifier(a: string, b: string): number {
  const an = numeric.test(a);
  const bn = numeric.test(b);
  if (an && bn) return compareNumeric(a, b);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Semver precedence: -1 when `a` comes before `b`, 1 after, 0 when equal (build metadata
 * is ignored, so `1.0.0+a` equals `1.0.0+b`). A pre-release comes before its release.
 * Throws RangeError when either is not a semantic version.
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    const c = compareNumeric(pa.core[i] as string, pb.core[i] as string);
    if (c !== 0) return c as -1 | 1;
  }
  if (pa.pre.length === 0 || pb.pre.length === 0) {
    if (pa.pre.length === pb.pre.length) return 0;
    return pa.pre.length === 0 ? 1 : -1;
  }
  const n = Math.min(pa.pre.length, pb.pre.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifier(pa.pre[i] as string, pb.pre[i] as string);
    if (c !== 0) return c as -1 | 1;
  }
  return pa.pre.length === pb.pre.length ? 0 : pa.pre.length < pb.pre.length ? -1 : 1;
}
