import type { AppSpec } from './app-spec-schema.js';
import type { SpecChange } from './spec-change.js';
import { formatPath, type PathKey } from './spec-path.js';

/**
 * How to compare each part of a spec: lists of named things are matched by name (so
 * reordering nodes is no change), sets by member, maps by key; anything else field by
 * field, with arrays (argv) compared whole.
 */
type Shape =
  | { type: 'keyed'; key: string; label: string; item: Shape }
  | { type: 'set'; label: string }
  | { type: 'map'; label: string }
  | { type: 'object'; fields?: Readonly<Record<string, Shape>> };

const generic: Shape = { type: 'object' };
const nodeShape: Shape = {
  type: 'object',
  fields: {
    env: { type: 'map', label: 'env' },
    params: { type: 'map', label: 'param' },
    ports: { type: 'keyed', key: 'name', label: 'port', item: generic },
    volumes: { type: 'keyed', key: 'name', label: 'volume', item: generic },
    dependsOn: { type: 'set', label: 'dependsOn' },
    security: {
      type: 'object',
      fields: {
        capabilities: { type: 'set', label: 'capability' },
        devices: { type: 'set', label: 'device' },
      },
    },
  },
};
const specShape: Shape = {
  type: 'object',
  fields: {
    parameters: { type: 'keyed', key: 'name', label: 'parameter', item: generic },
    nodes: { type: 'keyed', key: 'name', label: 'node', item: nodeShape },
    permissions: { type: 'set', label: 'permission' },
    dataModels: { type: 'keyed', key: 'model', label: 'data model', item: generic },
    services: {
      type: 'object',
      fields: {
        depends: {
          type: 'keyed',
          key: 'model',
          label: 'service dependency',
          item: { type: 'object', fields: { operations: { type: 'set', label: 'operation' } } },
        },
        provides: { type: 'keyed', key: 'model', label: 'service provision', item: generic },
      },
    },
  },
};

interface Where {
  path: PathKey[];
  /** Who the change is about: "node web: port http". */
  subject: string;
  /** The field below the subject: ["resources", "cpu"]. */
  field: string[];
}

/**
 * Lists the differences between two valid specs, in the order of the newer one (removals
 * after what is still there). Nodes, parameters, ports and volumes are matched by name,
 * data models and services by model. An identical spec gives `[]`. Pure.
 */
export function diffAppSpecs(from: AppSpec, to: AppSpec): SpecChange[] {
  const changes: SpecChange[] = [];
  walk(from, to, specShape, { path: [], subject: '', field: [] }, changes);
  return changes;
}

function walk(a: unknown, b: unknown, shape: Shape, at: Where, out: SpecChange[]): void {
  if (deepEqual(a, b)) return;
  if (a === undefined || b === undefined) {
    const what = label(at);
    const summary =
      a === undefined ? `${what} set to ${show(b)}` : `${what} removed (was ${show(a)})`;
    out.push(change(at.path, a === undefined ? 'added' : 'removed', a, b, summary));
    return;
  }
  if (shape.type === 'keyed' && Array.isArray(a) && Array.isArray(b)) keyed(a, b, shape, at, out);
  else if (shape.type === 'set' && Array.isArray(a) && Array.isArray(b))
    set(a, b, shape.label, at, out);
  else if (shape.type === 'map' && isRecord(a) && isRecord(b)) map(a, b, shape.label, at, out);
  else if (shape.type === 'object' && isRecord(a) && isRecord(b)) {
    for (const key of unionKeys(a, b)) {
      const child = (shape.fields && own(shape.fields, key)) ?? generic;
      const where = { ...at, path: [...at.path, key], field: [...at.field, key] };
      walk(own(a, key), own(b, key), child, where, out);
    }
  } else
    out.push(
      change(at.path, 'changed', a, b, `${label(at)} changed from ${show(a)} to ${show(b)}`),
    );
}

function keyed(
  a: unknown[],
  b: unknown[],
  shape: Shape & { type: 'keyed' },
  at: Where,
  out: SpecChange[],
) {
  const keyOf = (item: unknown) => String(isRecord(item) ? item[shape.key] : item);
  const before = new Map(a.map((item) => [keyOf(item), item]));
  const after = new Set<string>();
  const prefix = prefixOf(at);
  b.forEach((item, index) => {
    const key = keyOf(item);
    after.add(key);
    const subject = `${prefix}${shape.label} ${key}`;
    const old = before.get(key);
    if (old === undefined)
      out.push(change([...at.path, index], 'added', undefined, item, `${subject} added`));
    else walk(old, item, shape.item, { path: [...at.path, index], subject, field: [] }, out);
  });
  for (const [key, item] of before)
    if (!after.has(key))
      out.push(
        change(at.path, 'removed', item, undefined, `${prefix}${shape.label} ${key} removed`),
      );
}

function set(a: unknown[], b: unknown[], name: string, at: Where, out: SpecChange[]) {
  const before = new Set(a.map(String));
  const after = new Set(b.map(String));
  const prefix = prefixOf(at);
  b.forEach((member, index) => {
    if (!before.has(String(member)))
      out.push(
        change(
          [...at.path, index],
          'added',
          undefined,
          member,
          `${prefix}${name} ${String(member)} added`,
        ),
      );
  });
  for (const member of a)
    if (!after.has(String(member)))
      out.push(
        change(at.path, 'removed', member, undefined, `${prefix}${name} ${String(member)} removed`),
      );
}

function map(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  name: string,
  at: Where,
  out: SpecChange[],
) {
  const prefix = prefixOf(at);
  for (const key of unionKeys(a, b)) {
    const [x, y] = [own(a, key), own(b, key)];
    if (deepEqual(x, y)) continue;
    const what = `${prefix}${name} ${key}`;
    if (x === undefined)
      out.push(change([...at.path, key], 'added', undefined, y, `${what} added`));
    else if (y === undefined) out.push(change(at.path, 'removed', x, undefined, `${what} removed`));
    else
      out.push(
        change([...at.path, key], 'changed', x, y, `${what} changed from ${show(x)} to ${show(y)}`),
      );
  }
}

/** "node web: " when there is a subject. The entries' label replaces the field name. */
function prefixOf(at: Where): string {
  return at.subject ? `${at.subject}: ` : '';
}

function label(at: Where): string {
  const field = at.field.join('.');
  if (!at.subject) return field || 'the spec';
  return field ? `${at.subject}: ${field}` : at.subject;
}

function change(
  path: PathKey[],
  kind: SpecChange['kind'],
  from: unknown,
  to: unknown,
  summary: string,
): SpecChange {
  return {
    path: formatPath(path),
    kind,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    summary,
  };
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(b), ...Object.keys(a)])];
}

/** Own properties only: env names such as `constructor` must not find Object.prototype. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every(
    (k) => Object.hasOwn(rb, k) && deepEqual((a as Record<string, unknown>)[k], rb[k]),
  );
}
