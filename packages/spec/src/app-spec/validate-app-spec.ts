import type { Distribution } from '../apps/allowed-combinations.js';
import { type AppSpec, appSpecSchema } from './app-spec-schema.js';
import { buildGraph } from './dependency-graph.js';
import { migrateAppSpec } from './migrate-app-spec.js';
import { checkDeclarations } from './rules/declaration-rules.js';
import { checkGraph } from './rules/graph-rules.js';
import { checkMiddleware } from './rules/middleware-rules.js';
import { checkNames } from './rules/name-rules.js';
import { checkNodes } from './rules/node-rules.js';
import { checkParameters } from './rules/parameter-rules.js';
import { checkPorts } from './rules/port-rules.js';
import { checkReferences } from './rules/reference-rules.js';
import type { SpecContext } from './rules/spec-context.js';
import { friendlyIssueMessage, type SpecError, specErrorsFromZod } from './spec-issues.js';

export interface ValidateOptions {
  /** The app's distribution, when known: enables the rules that depend on it. */
  distribution?: Distribution;
}

export type ValidationOutcome = { ok: true; spec: AppSpec } | { ok: false; errors: SpecError[] };

/**
 * Validates an app spec document (parsed JSON or YAML) the same way on every side.
 *
 * In order: migrate an older `specVersion` to the current shape; check the shape (strict:
 * unknown fields are errors at their path); then, only when the shape is right, the
 * rules that relate fields (names, deploy order, references, ports, catalog,
 * declarations). Returns the spec in its current shape, or every error found, each with
 * a path into the input (`nodes[2].ports[0].port`, `nodes[0].env["MY-VAR"]`) and a
 * message that says what to do. Never throws; pure.
 */
export function validateAppSpec(input: unknown, options: ValidateOptions = {}): ValidationOutcome {
  const migrated = migrateAppSpec(input);
  if (!migrated.ok)
    return { ok: false, errors: [{ path: 'specVersion', message: migrated.message }] };
  if (migrated.doc === null || typeof migrated.doc !== 'object' || Array.isArray(migrated.doc))
    return {
      ok: false,
      errors: [{ path: '', message: 'must be an object: the app spec document' }],
    };
  const parsed = appSpecSchema.safeParse(migrated.doc, { error: friendlyIssueMessage });
  if (!parsed.success) return { ok: false, errors: specErrorsFromZod(parsed.error, migrated.doc) };
  const errors = checkRules(parsed.data, options.distribution);
  return errors.length === 0 ? { ok: true, spec: parsed.data } : { ok: false, errors };
}

/** The rule families, in the order a person fixes things: names before what uses them. */
function checkRules(spec: AppSpec, distribution: Distribution | undefined): SpecError[] {
  const nodes = spec.nodes ?? [];
  const ctx: SpecContext = { spec, nodes, graph: buildGraph(nodes), distribution, errors: [] };
  checkNames(ctx);
  checkParameters(ctx);
  const layering = checkGraph(ctx);
  checkNodes(ctx);
  checkPorts(ctx);
  checkMiddleware(ctx);
  checkReferences(ctx, layering?.order);
  checkDeclarations(ctx);
  return ctx.errors;
}
