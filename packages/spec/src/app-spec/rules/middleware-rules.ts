// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax, not a mistaken template literal
import type { ParameterSpec } from '../app-spec-schema.js';
import type { CatalogEntry, CatalogParam } from '../catalog/catalog-types.js';
import { managedEngine, managedEngines } from '../catalog/managed-engines.js';
import { catalogEntry, middlewareCatalog } from '../catalog/middleware-catalog.js';
import { parseEnvTemplate, type TemplatePart, templateText } from '../env-template.js';
import type { ManagedNode, MiddlewareNode } from '../node-schema.js';
import { listNames, report, type SpecContext } from './spec-context.js';

/**
 * Middleware and managed nodes against the catalog: the template exists, the version is
 * one the catalog offers, and every param is known, typed right and safe. A secret param
 * is never a literal in the spec (everyone who reads the version would see it): it is
 * generated per instance, or comes from a secret parameter as `${params.name}`.
 */
export function checkMiddleware(ctx: SpecContext): void {
  const parameters = new Map((ctx.spec.parameters ?? []).map((p) => [p.name, p]));
  ctx.nodes.forEach((node, i) => {
    if (node.kind === 'middleware') checkCatalogNode(ctx, node, i, parameters);
    if (node.kind === 'managed') checkManagedNode(ctx, node, i);
  });
}

function checkCatalogNode(
  ctx: SpecContext,
  node: MiddlewareNode,
  i: number,
  parameters: ReadonlyMap<string, ParameterSpec>,
) {
  const entry = catalogEntry(node.template);
  if (!entry) {
    const names = middlewareCatalog.map((e) => e.name);
    report(
      ctx,
      ['nodes', i, 'template'],
      `is not in the middleware catalog: choose one of ${listNames(names)}`,
    );
    return;
  }
  if (!entry.tags.includes(node.version))
    report(
      ctx,
      ['nodes', i, 'version'],
      `${entry.displayName} is offered in versions ${entry.tags.join(', ')}`,
    );
  for (const [key, value] of Object.entries(node.params ?? {})) {
    const def = entry.params.find((p) => p.name === key);
    const problem = def ? paramProblem(def, value, parameters) : unknownParam(entry, key);
    if (problem) report(ctx, ['nodes', i, 'params', key], problem);
  }
}

function unknownParam(entry: CatalogEntry, key: string): string {
  const known = entry.params.map((p) => p.name);
  const list = known.length ? `its parameters are ${listNames(known)}` : 'it takes no parameters';
  return `${entry.name} has no parameter "${key}": ${list}`;
}

function paramProblem(
  def: CatalogParam,
  value: string | number | boolean,
  parameters: ReadonlyMap<string, ParameterSpec>,
): string | undefined {
  if (typeof value !== 'string')
    return typeof value === def.type ? undefined : `must be a ${def.type} (${def.description})`;
  const parsed = parseEnvTemplate(value);
  if (!parsed.ok) return parsed.message;
  const literal = templateText(parsed.parts);
  if (literal === undefined) return referenceProblem(def, parsed.parts, parameters);
  if (def.secret)
    return 'is a secret: leave it out to have one generated per instance, or reference a secret parameter ("${params.dbPassword}")';
  if (def.type !== 'string') return `must be a ${def.type} (${def.description})`;
  if (def.pattern && !new RegExp(def.pattern).test(literal))
    return `must match ${def.pattern} (${def.description})`;
  return undefined;
}

function referenceProblem(
  def: CatalogParam,
  parts: readonly TemplatePart[],
  parameters: ReadonlyMap<string, ParameterSpec>,
): string | undefined {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (!only || !('ref' in only) || !('param' in only.ref))
    return 'must be a literal value or one whole parameter reference such as "${params.dbName}" (middleware params may not reference nodes)';
  const param = parameters.get(only.ref.param);
  if (!param)
    return `references parameter "${only.ref.param}", which is not declared under parameters`;
  if (param.type !== def.type)
    return `references parameter ${param.name} of type ${param.type}, but ${def.name} is a ${def.type}`;
  if (def.secret && !param.secret)
    return `is a secret: the parameter ${param.name} it references must be declared secret: true`;
  return undefined;
}

function checkManagedNode(ctx: SpecContext, node: ManagedNode, i: number) {
  const engine = managedEngine(node.template);
  if (!engine) {
    const names = managedEngines.map((e) => e.name);
    report(
      ctx,
      ['nodes', i, 'template'],
      `is not an engine of managed databases: use one of ${names.join(', ')}`,
    );
    return;
  }
  if (node.version !== undefined && !engine.versions.includes(node.version))
    report(
      ctx,
      ['nodes', i, 'version'],
      `${engine.displayName} is offered in versions ${engine.versions.join(', ')}`,
    );
}
