import type { Distribution } from '../../apps/allowed-combinations.js';
import type { AppSpec } from '../app-spec-schema.js';
import type { DependencyGraph } from '../dependency-graph.js';
import type { AppNode } from '../node-schema.js';
import type { SpecError } from '../spec-issues.js';
import { formatPath, type PathKey } from '../spec-path.js';

/** What every rule family reads (a spec that passed the schema) and where it writes. */
export interface SpecContext {
  spec: AppSpec;
  nodes: readonly AppNode[];
  graph: DependencyGraph;
  distribution: Distribution | undefined;
  errors: SpecError[];
}

/** Records an error at a path into the document. */
export function report(ctx: SpecContext, path: readonly PathKey[], message: string): void {
  ctx.errors.push({ path: formatPath(path), message });
}

/** "a, b, c" — at most `max` names, then "…", so messages stay readable for big specs. */
export function listNames(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, …` : shown;
}

/** The node with this name (the first one, when a name is used twice). */
export function nodeNamed(ctx: SpecContext, name: string): AppNode | undefined {
  const i = ctx.graph.index.get(name);
  return i === undefined ? undefined : ctx.nodes[i];
}
