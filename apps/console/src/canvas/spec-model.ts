import { catalogEntry, type NodeKind, type PathKey, parsePath, type SpecError } from '@berth/spec';

/**
 * The spec as the canvas edits it: any document the user may have typed, valid or not
 * (the validator says what is wrong). Every edit returns a new document; nothing mutates,
 * so the undo history can hold plain snapshots.
 */
export type NodeDoc = Record<string, unknown> & {
  name?: string;
  kind?: string;
  dependsOn?: string[];
};
export type SpecDoc = Record<string, unknown> & { nodes?: NodeDoc[] };

export const nodesOf = (spec: SpecDoc): NodeDoc[] =>
  Array.isArray(spec.nodes) ? (spec.nodes as NodeDoc[]) : [];

const dependsOf = (node: NodeDoc): string[] =>
  Array.isArray(node.dependsOn) ? node.dependsOn.filter((d) => typeof d === 'string') : [];

/** `base`, else `base-2`, `base-3`…: a DNS label no other node has. */
export function uniqueName(base: string, spec: SpecDoc): string {
  const taken = new Set(nodesOf(spec).map((n) => n.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** What a palette item drops: a kind, and for middleware and managed nodes the template. */
export interface PaletteItem {
  kind: NodeKind;
  template?: string;
}

/**
 * A new node of the palette item's kind. Container nodes start without an image on
 * purpose: the validator then says what to fill in, on the node and on the field.
 */
export function newNode(item: PaletteItem, spec: SpecDoc): NodeDoc {
  switch (item.kind) {
    case 'middleware': {
      const entry = catalogEntry(item.template ?? '');
      const name = uniqueName(item.template ?? 'middleware', spec);
      return { name, kind: 'middleware', template: item.template, version: entry?.tags.at(-1) };
    }
    case 'managed':
      return {
        name: uniqueName('db', spec),
        kind: 'managed',
        template: item.template ?? 'postgres',
      };
    case 'init':
      return { name: uniqueName('init', spec), kind: 'init' };
    default:
      return { name: uniqueName('app', spec), kind: 'custom' };
  }
}

export function addNode(spec: SpecDoc, node: NodeDoc): SpecDoc {
  return { ...spec, nodes: [...nodesOf(spec), node] };
}

export function replaceNode(spec: SpecDoc, index: number, node: NodeDoc): SpecDoc {
  const nodes = nodesOf(spec);
  const before = nodes[index];
  let next: SpecDoc = { ...spec, nodes: nodes.map((n, i) => (i === index ? node : n)) };
  if (before?.name && node.name !== before.name)
    next = renameReferences(next, before.name, node.name ?? '');
  return next;
}

/** A rename follows the node: deploy order, service provision and login-free entry. */
function renameReferences(spec: SpecDoc, from: string, to: string): SpecDoc {
  const nodes = nodesOf(spec).map((n) =>
    dependsOf(n).includes(from)
      ? { ...n, dependsOn: dependsOf(n).map((d) => (d === from ? to : d)) }
      : n,
  );
  const next: SpecDoc = { ...spec, nodes };
  const services = spec.services as { provides?: { node?: string }[] } | undefined;
  if (Array.isArray(services?.provides))
    next.services = {
      ...services,
      provides: services.provides.map((p) => (p.node === from ? { ...p, node: to } : p)),
    };
  const loginFree = spec.loginFree as { node?: string } | undefined;
  if (loginFree?.node === from) next.loginFree = { ...loginFree, node: to };
  return next;
}

/** Removes nodes and every deploy-order edge that pointed at them. */
export function removeNodes(spec: SpecDoc, indices: number[]): SpecDoc {
  const drop = new Set(indices);
  const gone = new Set(
    nodesOf(spec)
      .filter((_, i) => drop.has(i))
      .map((n) => n.name),
  );
  const nodes = nodesOf(spec)
    .filter((_, i) => !drop.has(i))
    .map((n) => {
      const deps = dependsOf(n);
      if (!deps.some((d) => gone.has(d))) return n;
      return withDepends(
        n,
        deps.filter((d) => !gone.has(d)),
      );
    });
  return { ...spec, nodes };
}

function withDepends(node: NodeDoc, deps: string[]): NodeDoc {
  const { dependsOn: _, ...rest } = node;
  return deps.length > 0 ? { ...rest, dependsOn: deps } : rest;
}

/** `node` deploys after `dependency`: the arrow points to the dependency. */
export function connect(spec: SpecDoc, node: number, dependency: number): SpecDoc {
  const nodes = nodesOf(spec);
  const from = nodes[node];
  const to = nodes[dependency]?.name;
  if (!from || !to || node === dependency || dependsOf(from).includes(to)) return spec;
  return replaceNode(spec, node, withDepends(from, [...dependsOf(from), to]));
}

export function disconnect(spec: SpecDoc, node: number, dependency: string): SpecDoc {
  const from = nodesOf(spec)[node];
  if (!from) return spec;
  return replaceNode(
    spec,
    node,
    withDepends(
      from,
      dependsOf(from).filter((d) => d !== dependency),
    ),
  );
}

/** The edges of the graph: one per `dependsOn` entry that names an existing node. */
export function edgesOf(
  spec: SpecDoc,
): { id: string; source: number; target: number; dependency: string }[] {
  const nodes = nodesOf(spec);
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  return nodes.flatMap((n, source) =>
    dependsOf(n).flatMap((dependency) => {
      const target = index.get(dependency);
      return target === undefined
        ? []
        : [{ id: `${source}->${dependency}`, source, target, dependency }];
    }),
  );
}

/** A validator error placed: on node `node` at `field` (keys after `nodes[i]`), or elsewhere. */
export interface PlacedError {
  node?: number;
  field: PathKey[];
  path: string;
  message: string;
}

export function placeErrors(errors: SpecError[]): PlacedError[] {
  return errors.map((e) => {
    const keys = parsePath(e.path) ?? [];
    if (keys[0] === 'nodes' && typeof keys[1] === 'number')
      return { node: keys[1], field: keys.slice(2), path: e.path, message: e.message };
    return { field: keys, path: e.path, message: e.message };
  });
}
