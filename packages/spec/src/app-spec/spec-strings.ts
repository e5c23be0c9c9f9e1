import { z } from 'zod';
import { specLimits } from './spec-limits.js';

/**
 * The string grammars of the app spec. Every name and path is checked against a grammar
 * that leaves no room for shell syntax (R14): whatever reaches an engine is either a
 * name that cannot mean anything to a shell, or an argv item passed as one literal
 * argument. Messages say what to write instead, because people read them in a 422.
 */

/** Why a name is refused when it carries shell syntax, or undefined when it does not. */
export function shellHazard(value: string): string | undefined {
  if (value.includes('\0')) return 'must not contain NUL characters';
  if (/[\r\n]/.test(value)) return 'must not contain newlines';
  if (/\s/.test(value)) return 'must not contain whitespace';
  if (value.includes('$(') || value.includes('`') || value.includes(';'))
    return 'must not contain shell syntax such as "$(", backticks or ";"';
  if (value.startsWith('-'))
    return 'must not start with "-" (it would read as a command-line flag)';
  return undefined;
}

/** A name schema: bounded, a grammar, and a message that explains the grammar. */
function nameSchema(pattern: RegExp, rule: string, max: number = specLimits.nameLength) {
  const message = (input: unknown) => {
    const text = typeof input === 'string' ? input : '';
    const hazard = shellHazard(text);
    return hazard ? `${hazard}; ${rule}` : rule;
  };
  return z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(max, { error: `must be at most ${max} characters`, abort: true })
    .regex(pattern, { error: (issue) => message(issue.input) });
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabelRule =
  'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit (e.g. "web", "db-1")';

/** A node name: a DNS label of 1–63 characters, because other nodes reach the node by it. */
export const nodeName = nameSchema(dnsLabel, dnsLabelRule);

/** A port or volume name: a DNS label too (engines use it in object names). */
export const portName = nameSchema(dnsLabel, dnsLabelRule);

/** Identifiers: parameter names, data-model names, operations. */
export const identifier = nameSchema(
  /^[A-Za-z_][A-Za-z0-9_]*$/,
  'must be letters, digits and "_", not starting with a digit (e.g. "site", "admin_password")',
);

/** An environment variable name, as POSIX shells and every container engine accept it. */
export const envName = nameSchema(
  /^[A-Za-z_][A-Za-z0-9_]*$/,
  'must be letters, digits and "_", not starting with a digit (e.g. "DB_HOST")',
  255,
);

/** A platform API permission such as `device.query`. */
export const permissionName = nameSchema(
  /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)*$/,
  'must be dot-separated words of letters, digits, "_" and "-" (e.g. "device.query")',
  200,
);

/** A catalog tag, a data-model version: a short token. */
export const versionToken = nameSchema(
  /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  'must be letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. "8.0", "1.0")',
  128,
);

const pathSegment = '[A-Za-z0-9._~@%+=,:][A-Za-z0-9._~@%+=,:-]*';
const absolutePathPattern = new RegExp(
  `^(?!.*(?:^|/)\\.{1,2}(?:/|$))/(?:${pathSegment}(?:/${pathSegment})*)?$`,
);

/** What is wrong with an absolute path, in words; undefined when nothing is. */
export function pathProblem(value: string): string | undefined {
  const hazard = shellHazard(value);
  if (hazard) return hazard;
  if (!value.startsWith('/')) return 'must be an absolute path (start with "/")';
  if (value.includes('//')) return 'must not contain "//"';
  if (value.length > 1 && value.endsWith('/')) return 'must not end with "/"';
  if (value.split('/').some((s) => s === '.' || s === '..'))
    return 'must not contain "." or ".." segments';
  if (value.split('/').some((s) => s.startsWith('-')))
    return 'must not have a segment starting with "-" (it could read as a command-line flag)';
  if (!absolutePathPattern.test(value))
    return 'may only contain letters, digits and . _ ~ @ % + = , : - between "/"';
  return undefined;
}

/** An absolute, normalized path inside a container or a URL path: no `..`, no `//`. */
export const absolutePath = z
  .string()
  .min(1, { error: 'must not be empty', abort: true })
  .max(specLimits.pathLength, {
    error: `must be at most ${specLimits.pathLength} characters`,
    abort: true,
  })
  .regex(absolutePathPattern, {
    error: (issue) => pathProblem(String(issue.input)) ?? 'must be an absolute path',
  });

/**
 * One argv item. Anything is allowed except NUL, because the item is handed to the
 * engine as one literal argument and never parsed by a shell.
 */
export const argvItem = z
  .string()
  .max(specLimits.argvItemLength, `must be at most ${specLimits.argvItemLength} characters`)
  .regex(/^[^\0]*$/, 'must not contain NUL characters');

/** An argv array (command, args, exec health check). */
export const argv = z
  .array(argvItem)
  .max(specLimits.argvItems, `must have at most ${specLimits.argvItems} items`);

/** Free text shown to people (labels, descriptions): bounded, no NUL. */
export function text(max: number = specLimits.textLength) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\0]*$/, 'must not contain NUL characters');
}
