import { findCycles, layer } from '../dependency-graph.js';
import { listNames, report, type SpecContext } from './spec-context.js';

/**
 * The deploy order: every `dependsOn` entry names another existing node, once, and the
 * graph has no cycle (a cycle could never be deployed). Returns the layering when the
 * graph is acyclic, for the rules that need the order.
 */
export function checkGraph(ctx: SpecContext): ReturnType<typeof layer> {
  ctx.nodes.forEach((node, i) => {
    const seen = new Set<string>();
    (node.dependsOn ?? []).forEach((target, j) => {
      const path = ['nodes', i, 'dependsOn', j];
      if (seen.has(target)) report(ctx, path, `lists "${target}" twice: remove one`);
      else if (target === node.name) report(ctx, path, 'a node cannot depend on itself: remove it');
      else if (!ctx.graph.index.has(target))
        report(
          ctx,
          path,
          `names no node of this app: "${target}" does not exist (nodes: ${listNames(ctx.graph.names)})`,
        );
      seen.add(target);
    });
  });
  const layering = layer(ctx.graph);
  if (layering) return layering;
  for (const cycle of findCycles(ctx.graph)) {
    const [first, next] = cycle as [number, number];
    const from = ctx.nodes[first];
    const j = from?.dependsOn?.indexOf(ctx.graph.names[next] as string) ?? -1;
    const names = cycle.map((i) => ctx.graph.names[i]).join(' → ');
    report(
      ctx,
      ['nodes', first, 'dependsOn', Math.max(j, 0)],
      `dependency cycle ${names}: no node of it could be deployed first; remove one of these dependsOn entries`,
    );
  }
  return undefined;
}
