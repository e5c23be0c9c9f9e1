import type { ParameterSpec } from '../app-spec-schema.js';
import { report, type SpecContext } from './spec-context.js';

/**
 * Parameters: a default of the declared type that matches the pattern; a pattern only on
 * string parameters and one that compiles (JavaScript RegExp syntax, no flags — the same
 * engine checks instance values); no default on a secret, because the spec is readable by
 * everyone who can read the version.
 */
export function checkParameters(ctx: SpecContext): void {
  (ctx.spec.parameters ?? []).forEach((param, i) => {
    const at = ['parameters', i];
    const pattern = compilePattern(ctx, param, [...at, 'pattern']);
    if (param.default === undefined) return;
    if (param.secret) {
      report(
        ctx,
        [...at, 'default'],
        'a secret parameter cannot have a default: the value would be readable by everyone who can read the version; remove it',
      );
      return;
    }
    if (typeof param.default !== param.type) {
      report(ctx, [...at, 'default'], `must be a ${param.type}, like the parameter's type`);
      return;
    }
    if (pattern && typeof param.default === 'string' && !pattern.test(param.default))
      report(ctx, [...at, 'default'], `does not match the parameter's pattern ${param.pattern}`);
  });
}

function compilePattern(
  ctx: SpecContext,
  param: ParameterSpec,
  path: (string | number)[],
): RegExp | undefined {
  if (param.pattern === undefined) return undefined;
  if (param.type !== 'string') {
    report(ctx, path, `only string parameters take a pattern; ${param.name} is a ${param.type}`);
    return undefined;
  }
  try {
    return new RegExp(param.pattern);
  } catch (error) {
    report(ctx, path, `is not a valid regular expression: ${(error as Error).message}`);
    return undefined;
  }
}
