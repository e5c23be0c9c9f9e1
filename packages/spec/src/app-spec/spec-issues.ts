import type { z } from 'zod';
import { formatPath } from './spec-path.js';

/** One problem of a spec: where (`nodes[2].ports[0].port`) and what to do about it. */
export interface SpecError {
  path: string;
  message: string;
}

/**
 * The per-parse error map: words for people instead of zod's words for programmers.
 * Schema-level messages (the grammars of spec-strings.ts) take precedence over it.
 */
export function friendlyIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (
    issue.input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value')
  )
    return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be ${article(issue.expected)}, not ${describe(issue.input)}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must have at most ${issue.maximum} items`
        : issue.origin === 'string'
          ? `must be at most ${issue.maximum} characters`
          : `must be at most ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`
        : issue.origin === 'string'
          ? `must be at least ${issue.minimum} characters`
          : `must be at least ${issue.minimum}`;
    default:
      return undefined;
  }
}

/** Turns zod issues into spec errors: one per unknown key, with kind-aware wording. */
export function specErrorsFromZod(error: z.ZodError, input: unknown): SpecError[] {
  const out: SpecError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const owner = describeOwner(issue.path, input);
      for (const key of issue.keys)
        out.push({
          path: formatPath([...issue.path, key]),
          message: `is not a known field${owner}`,
        });
    } else if (issue.code === 'invalid_key') {
      out.push({
        path: formatPath(issue.path),
        message: issue.issues[0]?.message ?? issue.message,
      });
    } else if (issue.code === 'invalid_union' && 'discriminator' in issue) {
      out.push({ path: formatPath(issue.path), message: discriminatorMessage(issue, input) });
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}

function discriminatorMessage(issue: z.core.$ZodIssueInvalidUnion, input: unknown): string {
  const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
  const value = lookup(input, issue.path);
  const list = options.map(String).join(', ');
  return value === undefined ? `is required (one of: ${list})` : `must be one of: ${list}`;
}

/** ` of custom nodes` when the unknown key sits on a node whose kind is known. */
function describeOwner(path: readonly PropertyKey[], input: unknown): string {
  if (path.length !== 2 || path[0] !== 'nodes') return '';
  const kind = (lookup(input, path) as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' ? ` of ${kind} nodes` : '';
}

function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return article(typeof input);
}
