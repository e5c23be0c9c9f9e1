import { randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import type { AppSpec, DeployPlan, FieldError } from '@berth/spec';
import { InputError } from '../errors.js';

type Value = string | number | boolean;

export interface CheckedParams {
  /** Values that are not secret (stored on the instance, shown by the API). */
  plain: Record<string, Value>;
  /** Values of secret parameters (stored encrypted). */
  secret: Record<string, string>;
}

/**
 * Checks deploy-time parameter values against the spec's declarations: known names,
 * types, patterns, required values (a default fills a missing one). Errors point at
 * `params.<name>`.
 * @throws InputError listing every problem.
 */
export function checkParams(
  spec: AppSpec,
  given: Record<string, Value>,
  previous?: CheckedParams,
): CheckedParams {
  const declared = new Map((spec.parameters ?? []).map((p) => [p.name, p]));
  const errors: FieldError[] = [];
  const at = (name: string, message: string) =>
    errors.push({ path: `params.${name}`, in: 'body', message });
  for (const name of Object.keys(given)) {
    if (!declared.has(name))
      at(
        name,
        `is not a parameter of this version (it has: ${[...declared.keys()].join(', ') || 'none'})`,
      );
  }
  const out: CheckedParams = { plain: {}, secret: {} };
  for (const p of declared.values()) {
    // A secret kept from before stays in the secret store, checked when it was given.
    if (given[p.name] === undefined && p.secret && previous?.secret[p.name] !== undefined) continue;
    const value = given[p.name] ?? (p.secret ? undefined : previous?.plain[p.name]) ?? p.default;
    if (value === undefined) {
      if (p.required !== false) at(p.name, 'is required: this version has no default for it');
      continue;
    }
    const type = p.type ?? 'string';
    if (typeof value !== type) {
      at(p.name, `must be a ${type}`);
      continue;
    }
    if (p.pattern && typeof value === 'string' && !matches(p.pattern, value)) {
      at(p.name, `must match ${p.pattern}`);
      continue;
    }
    if (p.secret) out.secret[p.name] = String(value);
    else out.plain[p.name] = value;
  }
  if (errors.length > 0)
    throw new InputError('The parameter values do not fit the version', errors);
  return out;
}

/**
 * Tests a spec author's pattern against a value under a time limit: a pattern with
 * catastrophic backtracking must not stall the control plane (ReDoS).
 */
function matches(pattern: string, value: string): boolean {
  try {
    return (
      runInNewContext('new RegExp(pattern).test(value)', { pattern, value }, { timeout: 50 }) ===
      true
    );
  } catch {
    return false;
  }
}

const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const symbols = '!#%+-.=@_~';

/** A random secret of the plan's length, with symbols when the engine insists on them. */
export function generateSecret(secret: DeployPlan['secrets'][number]): string {
  const alphabet = secret.symbols ? letters + symbols : letters;
  const bytes = randomBytes(secret.length * 2);
  let out = '';
  for (const b of bytes) {
    if (out.length === secret.length) break;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  if (secret.symbols && !/[!#%+\-.=@_~]/.test(out)) out = `${out.slice(0, -1)}_`;
  return out.length === secret.length ? out : generateSecret(secret);
}
