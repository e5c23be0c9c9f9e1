import { appSpecJsonSchema } from '@berth/spec';

/** The part of JSON Schema the app spec's node schemas use (generated from zod). */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/**
 * How a field of the schema is edited:
 * - `boolean`, `number`, `enum`, `text`: one input;
 * - `list`: a list of strings (an argv, capabilities);
 * - `rows`: a list of objects, one row of inputs each (ports, volumes);
 * - `map`: an object of free names to strings, as name/value rows (env);
 * - `group`: an object with known fields, as a fieldset (security);
 * - `other`: nothing generic fits (unions); such a field needs a widget of its own.
 */
export type FieldShape =
  | 'boolean'
  | 'number'
  | 'enum'
  | 'text'
  | 'list'
  | 'rows'
  | 'map'
  | 'group'
  | 'other';

export function shapeOf(schema: JsonSchema): FieldShape {
  const { type } = schema;
  if (schema.enum) return 'enum';
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'string') return 'text';
  if (type === 'array') {
    const item = schema.items ? shapeOf(schema.items) : 'other';
    return item === 'text' || item === 'enum' ? 'list' : item === 'group' ? 'rows' : 'other';
  }
  if (type === 'object') {
    if (schema.properties) return 'group';
    const values = schema.additionalProperties;
    if (typeof values === 'object' && shapeOf(values) === 'text') return 'map';
  }
  return 'other';
}

let kinds: Map<string, JsonSchema> | undefined;

/**
 * The schema of one kind of node (`custom`, `init`, `middleware`, `managed`), taken from
 * the app spec's published JSON Schema: the properties form is generated from it, so a
 * field added to the spec shows up in the console without a hand-written form.
 */
export function nodeSchema(kind: string): JsonSchema {
  if (!kinds) {
    const spec = appSpecJsonSchema() as { properties: { nodes: { items: JsonSchema } } };
    const variants = spec.properties.nodes.items.oneOf ?? [];
    kinds = new Map(variants.map((v) => [String(v.properties?.kind?.const), v]));
  }
  return kinds.get(kind) ?? kinds.get('custom') ?? {};
}

/** The fields of a node kind in the schema's order, `kind` left out (the palette sets it). */
export function nodeFields(kind: string): [string, JsonSchema][] {
  return Object.entries(nodeSchema(kind).properties ?? {}).filter(([key]) => key !== 'kind');
}
