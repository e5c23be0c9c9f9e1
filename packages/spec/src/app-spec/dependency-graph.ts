import type { AppNode } from './node-schema.js';

/**
 * The deploy-order graph: `dependsOn: [db]` on `migrate` is the edge migrate → db, and db
 * is deployed (and healthy) first. Everything here is linear in nodes + edges so a
 * 500-node spec validates in milliseconds.
 */
export interface DependencyGraph {
  names: readonly string[];
  /** Name → index of the first node with that name. */
  index: ReadonlyMap<string, number>;
  /** Per node, the indices of the nodes it depends on (existing, deduplicated, not itself). */
  deps: readonly (readonly number[])[];
}

/** Builds the graph; unknown targets and self-edges are left out (rules report them). */
export function buildGraph(nodes: readonly AppNode[]): DependencyGraph {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (!index.has(node.name)) index.set(node.name, i);
  });
  const deps = nodes.map((node, i) => {
    const targets = new Set<number>();
    for (const name of node.dependsOn ?? []) {
      const target = index.get(name);
      if (target !== undefined && target !== i) targets.add(target);
    }
    return [...targets];
  });
  return { names: nodes.map((n) => n.name), index, deps };
}

/**
 * Kahn layering: level 0 holds nodes without dependencies, every other node sits one
 * level above its deepest dependency. Returns the level of each node and a topological
 * order (dependencies first), or undefined when the graph has a cycle.
 */
export function layer(graph: DependencyGraph): { levels: number[]; order: number[] } | undefined {
  const n = graph.deps.length;
  const dependents: number[][] = Array.from({ length: n }, () => []);
  const remaining = new Int32Array(n);
  graph.deps.forEach((targets, v) => {
    remaining[v] = targets.length;
    for (const d of targets) dependents[d]?.push(v);
  });
  const levels = new Array<number>(n).fill(0);
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (remaining[v] === 0) order.push(v);
  for (let head = 0; head < order.length; head++) {
    const u = order[head] as number;
    for (const v of dependents[u] ?? []) {
      levels[v] = Math.max(levels[v] as number, (levels[u] as number) + 1);
      remaining[v] = (remaining[v] as number) - 1;
      if (remaining[v] === 0) order.push(v);
    }
  }
  return order.length === n ? { levels, order } : undefined;
}

/**
 * The cycles of the graph, one per strongly connected component (Tarjan, iterative so a
 * long chain cannot overflow the stack). Each cycle starts and ends with the same node:
 * `[db, migrate, db]` reads "db depends on migrate, which depends on db".
 */
export function findCycles(graph: DependencyGraph): number[][] {
  return stronglyConnected(graph.deps)
    .filter((component) => component.length > 1)
    .map((component) => cycleWithin(graph.deps, component));
}

function stronglyConnected(deps: readonly (readonly number[])[]): number[][] {
  const n = deps.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  const work: { v: number; edge: number }[] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    work.push({ v, edge: 0 });
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    while (work.length > 0) {
      const top = work[work.length - 1] as { v: number; edge: number };
      const edges = deps[top.v] ?? [];
      if (top.edge < edges.length) {
        const w = edges[top.edge++] as number;
        if (index[w] === -1) visit(w);
        else if (onStack[w]) low[top.v] = Math.min(low[top.v] as number, index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v] as number, low[top.v] as number);
      if (low[top.v] !== index[top.v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop() as number;
        onStack[w] = 0;
        component.push(w);
      } while (w !== top.v);
      components.push(component);
    }
  }
  return components.sort((a, b) => Math.min(...a) - Math.min(...b));
}

/** The shortest cycle through the component's first node, found by BFS inside it. */
function cycleWithin(deps: readonly (readonly number[])[], component: number[]): number[] {
  const members = new Set(component);
  const start = Math.min(...component);
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head] as number;
    for (const w of deps[u] ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [u];
        for (let at = u; at !== start; ) {
          at = previous.get(at) as number;
          path.push(at);
        }
        return [...path.reverse(), start];
      }
      if (!previous.has(w)) {
        previous.set(w, u);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * For each node, the set of nodes it depends on directly or through others, as bit sets
 * (word w, bit b ↔ node 32w + b). `order` must be topological (dependencies first).
 */
export function ancestorBits(graph: DependencyGraph, order: readonly number[]): Uint32Array[] {
  const words = Math.ceil(graph.deps.length / 32);
  const bits = graph.deps.map(() => new Uint32Array(words));
  for (const v of order) {
    const own = bits[v] as Uint32Array;
    for (const d of graph.deps[v] ?? []) {
      const theirs = bits[d] as Uint32Array;
      for (let w = 0; w < words; w++) own[w] = (own[w] as number) | (theirs[w] as number);
      own[d >>> 5] = (own[d >>> 5] as number) | (1 << (d & 31));
    }
  }
  return bits;
}

/** Whether bit set `bits` holds node `i`. */
export function hasBit(bits: Uint32Array, i: number): boolean {
  return (((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
}
