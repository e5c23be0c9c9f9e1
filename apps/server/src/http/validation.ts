import type { FieldError } from '@berth/spec';
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';

/** Where Fastify says the failed data came from → where the problem says it is. */
const locations: Record<string, FieldError['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** A request that failed its schema; the error handler answers 422 with `issues`. */
export class RequestValidationError extends Error {
  validationContext?: string;
  constructor(readonly issues: Omit<FieldError, 'in'>[]) {
    super('request validation failed');
  }
  fieldErrors(): FieldError[] {
    const where = locations[this.validationContext ?? 'body'] ?? 'body';
    return this.issues.map((i) => ({ ...i, in: where }));
  }
}

/**
 * Renders a path the way people read it: `nodes[2].ports[0].port`; keys that are not
 * identifiers are quoted: `env["MY-VAR"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Turns zod issues into field errors, one per unknown key, in words a person acts on. */
export function toFieldErrors(error: z.ZodError): Omit<FieldError, 'in'>[] {
  const out: Omit<FieldError, 'in'>[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: 'is not a known field' });
      }
      continue;
    }
    out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}

/** Messages for the cases zod words for programmers rather than for users. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (
    issue.input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value')
  ) {
    return 'is required';
  }
  if (issue.code === 'invalid_type')
    return `must be ${article(issue.expected)}, not ${describe(issue.input)}`;
  if (issue.code === 'invalid_value')
    return `must be one of: ${issue.values.map(String).join(', ')}`;
  return undefined;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return article(typeof input);
}

/** Fastify's validator compiler for zod schemas, producing `RequestValidationError`. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { error: friendlyMessage });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(toFieldErrors(result.error)) };
  };
