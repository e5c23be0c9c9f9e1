import type { PathKey } from '@berth/spec';
import { type JsonSchema, nodeFields, nodeSchema, shapeOf } from './schema-form/node-schemas.js';
import type { NodeDoc } from './spec-model.js';

/**
 * Between a node of the spec and the values of its properties form. The fields are those
 * of the node kind's JSON Schema, each converted by its shape (`schema-form/`); the form
 * is flatter than the spec where that reads better (resources as numbers of m and Mi, the
 * health check as a type plus its fields, env as a list of rows). Keys the schema does
 * not know are carried over untouched.
 */

type Row = Record<string, unknown>;
export type FormValues = Record<string, unknown>;

const healthTimings = [
  'intervalSeconds',
  'timeoutSeconds',
  'failureThreshold',
  'startPeriodSeconds',
];
/** "500m" → 500, "0.5" → 500; undefined for what is not a CPU quantity. */
export function millicores(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)m$/.exec(value);
  if (m) return Number(m[1]);
  return /^\d+(\.\d{1,3})?$/.test(value) ? Math.round(Number(value) * 1000) : undefined;
}

/** "512Mi" → 512, "1Gi" → 1024; undefined otherwise. */
export function mebibytes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)(Mi|Gi)$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

/** A port typed in a text field: a number when it is one, else the name of a port. */
const portRef = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const list = (v: unknown): Row[] =>
  Array.isArray(v) ? v.filter((r) => r && typeof r === 'object') : [];
const obj = (v: unknown): Row =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : {};

/** Drops the keys whose value is empty, so the YAML stays what a person would write. */
function clean(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => present(v) && v !== false));
}

function untouched(node: NodeDoc, handled: string[]): Row {
  return Object.fromEntries(Object.entries(node).filter(([k]) => !handled.includes(k)));
}

function resourcesFrom(values: FormValues): Row | undefined {
  const r = clean({
    cpu: present(values.cpu) ? `${values.cpu}m` : undefined,
    memory: present(values.memory) ? `${values.memory}Mi` : undefined,
  });
  return Object.keys(r).length > 0 ? r : undefined;
}

function healthToForm(value: unknown): FormValues {
  const health = obj(value);
  const http = health.http as Row | undefined;
  const tcp = health.tcp as Row | undefined;
  return {
    healthType: http ? 'http' : tcp ? 'tcp' : health.exec ? 'exec' : 'none',
    healthPath: http?.path,
    healthPort: (http ?? tcp)?.port,
    healthExec: health.exec ?? [],
    ...Object.fromEntries(healthTimings.map((k) => [k, health[k]])),
  };
}

function healthFrom(v: FormValues): Row | undefined {
  const healthType = v.healthType as string | undefined;
  const timings = clean(Object.fromEntries(healthTimings.map((k) => [k, v[k]])));
  const check =
    healthType === 'http'
      ? { http: clean({ path: v.healthPath, port: portRef(v.healthPort) }) }
      : healthType === 'tcp'
        ? { tcp: clean({ port: portRef(v.healthPort) }) }
        : healthType === 'exec'
          ? { exec: (v.healthExec as string[] | undefined) ?? [] }
          : undefined;
  return check ? { ...check, ...timings } : undefined;
}

/** A generated field's form value, by its shape in the schema. */
function toFormValue(schema: JsonSchema, value: unknown): unknown {
  switch (shapeOf(schema)) {
    case 'list':
      return Array.isArray(value) ? value : [];
    case 'rows':
      return list(value);
    case 'map':
      return Object.entries(obj(value)).map(([name, v]) => ({ name, value: v }));
    case 'boolean':
      return value === true;
    case 'group':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, toFormValue(s, obj(value)[k])]),
      );
    default:
      return value;
  }
}

/** What a generated field's form value writes into the spec: undefined when it is empty. */
function fromFormValue(schema: JsonSchema, value: unknown): unknown {
  const some = <T>(items: T[]) => (items.length > 0 ? items : undefined);
  switch (shapeOf(schema)) {
    case 'list':
      return some(Array.isArray(value) ? value : []);
    case 'rows':
      return some(list(value).map((row) => clean(row)));
    case 'map': {
      const rows = list(value).filter((row) => present(row.name));
      const map = rows.map((row) => [
        String(row.name),
        row.value === undefined ? '' : String(row.value),
      ]);
      return map.length > 0 ? Object.fromEntries(map) : undefined;
    }
    case 'boolean':
      return value === true ? true : undefined;
    case 'group': {
      const group = clean(
        Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([k, s]) => [
            k,
            fromFormValue(s, obj(value)[k]),
          ]),
        ),
      );
      return Object.keys(group).length > 0 ? group : undefined;
    }
    default:
      return present(value) ? value : undefined;
  }
}

/** The properties form's values of a node, one per field of its kind's schema. */
export function toFormValues(node: NodeDoc): FormValues {
  const values: FormValues = {};
  for (const [key, schema] of nodeFields(String(node.kind ?? 'custom'))) {
    const value = node[key];
    if (key === 'resources') {
      values.cpu = millicores(obj(value).cpu);
      values.memory = mebibytes(obj(value).memory);
    } else if (key === 'health') Object.assign(values, healthToForm(value));
    else if (key === 'params') values.params = obj(value);
    else values[key] = toFormValue(schema, value);
  }
  return values;
}

/** The node the form's values describe; fields the schema does not know are kept as they were. */
export function fromFormValues(node: NodeDoc, v: FormValues): NodeDoc {
  const kind = String(node.kind ?? 'custom');
  const fields = nodeFields(kind);
  const out: Row = {};
  for (const [key, schema] of fields) {
    if (key === 'name') continue;
    if (key === 'resources') out.resources = resourcesFrom(v);
    else if (key === 'health') out.health = healthFrom(v);
    // A middleware node's template is shown, not edited: the palette chose it.
    else if (key === 'template' && kind === 'middleware') out.template = node.template;
    else if (key === 'params') {
      const params = clean(obj(v.params));
      out.params = Object.keys(params).length > 0 ? params : undefined;
    } else out[key] = fromFormValue(schema, v[key]);
  }
  return {
    name: v.name,
    kind: node.kind,
    ...clean(out),
    ...untouched(node, ['name', 'kind', ...fields.map(([key]) => key)]),
  } as NodeDoc;
}

/** The form field that shows an error found at `field` (keys after `nodes[i]`). */
export function formNameOf(node: NodeDoc, field: PathKey[]): PathKey[] {
  const [first, second, third] = field;
  if (first === undefined) return ['name'];
  if (first === 'resources') return [second === 'memory' ? 'memory' : 'cpu'];
  if (first === 'params' && second !== undefined) return ['params', second];
  if (first === 'health') {
    if (second === 'http' && third === 'path') return ['healthPath'];
    if ((second === 'http' || second === 'tcp') && third === 'port') return ['healthPort'];
    if (second === 'exec') return ['healthExec'];
    if (typeof second === 'string' && healthTimings.includes(second)) return [second];
    return ['healthType'];
  }
  const schema = nodeSchema(String(node.kind ?? 'custom')).properties?.[String(first)];
  const shape = schema ? shapeOf(schema) : 'other';
  // A problem of a whole row (a port taken twice) shows on the row's main input.
  if (shape === 'rows' && typeof second === 'number') {
    const cells = schema?.items?.properties ?? {};
    return [first, second, third ?? ('port' in cells ? 'port' : 'name')];
  }
  if (shape === 'map' && typeof second === 'string') {
    const index = Object.keys(obj(node[first])).indexOf(second);
    return index >= 0 ? [first, index, 'value'] : [first];
  }
  if (shape === 'group' && typeof second === 'string') return [first, second];
  return [first];
}
