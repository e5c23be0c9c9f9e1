import type { AppSpec, ParameterSpec } from './app-spec-schema.js';
import { parseCatalogTemplate } from './catalog/catalog-template.js';
import { catalogEntry } from './catalog/middleware-catalog.js';
import { parseEnvTemplate, type TemplatePart } from './env-template.js';
import { referenceFields } from './node-fields.js';
import type { AppNode, MiddlewareNode } from './node-schema.js';
import type { PlannedSecret, PlannedValue, ValuePart } from './plan-types.js';

export type ParamValues = Readonly<Record<string, string | number | boolean>>;

/**
 * Resolves values for a plan: env templates, catalog templates, parameters. Collects, on
 * the way, the secrets to generate and the parameters needed at deploy time.
 */
export class ValueResolver {
  readonly secrets = new Map<string, PlannedSecret>();
  readonly deployTimeParams = new Set<string>();
  private readonly parameters: Map<string, ParameterSpec>;
  private readonly nodes: Map<string, AppNode>;
  private readonly fields = new Map<string, ReturnType<typeof referenceFields>>();

  constructor(
    spec: AppSpec,
    private readonly values: ParamValues,
  ) {
    this.parameters = new Map((spec.parameters ?? []).map((p) => [p.name, p]));
    this.nodes = new Map((spec.nodes ?? []).map((n) => [n.name, n]));
  }

  /** An env value of a custom or init node. */
  env(value: string): PlannedValue {
    const parsed = parseEnvTemplate(value);
    if (!parsed.ok) throw new Error(`planDeployment needs a valid spec: ${parsed.message}`);
    return join(parsed.parts.flatMap((part) => this.part(part)));
  }

  private part(part: TemplatePart): ValuePart[] {
    if ('text' in part) return [part.text];
    const ref = part.ref;
    if ('param' in ref) return this.param(ref.param);
    const node = this.nodes.get(ref.node);
    const field = node && this.fieldsOf(node)?.get(ref.field);
    if (!node || !field)
      throw new Error(`planDeployment needs a valid spec: \${${ref.node}.${ref.field}}`);
    if ('host' in field) return [node.name];
    if ('port' in field) return [String(field.port)];
    return this.catalogTemplate(node, field.template);
  }

  private fieldsOf(node: AppNode) {
    if (!this.fields.has(node.name)) this.fields.set(node.name, referenceFields(node));
    return this.fields.get(node.name);
  }

  /** A parameter: its value when known and not secret, else a deploy-time reference. */
  param(name: string): ValuePart[] {
    const param = this.parameters.get(name);
    const given = Object.hasOwn(this.values, name) ? this.values[name] : undefined;
    if (param && !param.secret) {
      if (given !== undefined) return [String(given)];
      if (param.default !== undefined) return [String(param.default)];
    }
    this.deployTimeParams.add(name);
    return [{ param: name }];
  }

  /** A catalog template (`{host}`, `{port:x}`, `{param:x}`…) filled for one node. */
  catalogTemplate(node: AppNode, template: string): PlannedValue {
    const entry = node.kind === 'middleware' ? catalogEntry(node.template) : undefined;
    const parts = parseCatalogTemplate(template).flatMap((token): ValuePart[] => {
      if ('text' in token) return [token.text];
      if ('host' in token) return [node.name];
      if ('port' in token) return [String(entry?.ports.find((p) => p.name === token.port)?.port)];
      if ('provisioned' in token) return [{ provisioned: `${node.name}.${token.provisioned}` }];
      if ('secret' in token) return [this.secret(node.name, token.secret, 32, false)];
      return node.kind === 'middleware' ? this.middlewareParam(node, token.param) : [''];
    });
    return join(parts);
  }

  /** A catalog parameter of a middleware node: written, generated, or the default. */
  private middlewareParam(node: MiddlewareNode, name: string): ValuePart[] {
    const def = catalogEntry(node.template)?.params.find((p) => p.name === name);
    const written = node.params && Object.hasOwn(node.params, name) ? node.params[name] : undefined;
    if (typeof written === 'string') {
      const parsed = parseEnvTemplate(written);
      if (!parsed.ok) throw new Error(`planDeployment needs a valid spec: ${parsed.message}`);
      return parsed.parts.flatMap((part) => this.part(part));
    }
    if (written !== undefined) return [String(written)];
    if (def?.generated)
      return [this.secret(node.name, name, def.generated.length, def.generated.symbols)];
    return [def?.default === undefined ? '' : String(def.default)];
  }

  private secret(node: string, name: string, length: number, symbols: boolean): ValuePart {
    const key = `${node}.${name}`;
    if (!this.secrets.has(key)) this.secrets.set(key, { key, node, name, length, symbols });
    return { secret: key };
  }
}

/** Merges adjacent text so `['a', 'b', {secret}]` becomes `['ab', {secret}]`. */
function join(parts: readonly ValuePart[]): PlannedValue {
  const out: PlannedValue = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
    else if (part !== '') out.push(part);
  }
  return out.length === 0 ? [''] : out;
}
