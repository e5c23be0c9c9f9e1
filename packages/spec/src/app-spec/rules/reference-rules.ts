import { ancestorBits, hasBit } from '../dependency-graph.js';
import { parseEnvTemplate, type SpecReference } from '../env-template.js';
import { referenceFields } from '../node-fields.js';
import type { AppNode } from '../node-schema.js';
import { listNames, report, type SpecContext } from './spec-context.js';

/**
 * `${node.field}` and `${params.name}` in env values. A reference names an existing node
 * and a field that node offers, or a declared parameter. A reference to another node also
 * implies order: the value must exist when the node starts, so the referenced node must be
 * among the node's dependencies, directly or transitively (checked when the graph is
 * acyclic; a cycle is reported on its own).
 */
export function checkReferences(ctx: SpecContext, order: readonly number[] | undefined): void {
  const params = new Set((ctx.spec.parameters ?? []).map((p) => p.name));
  let ancestors: Uint32Array[] | undefined;
  const dependsOn = (i: number, target: number) => {
    if (!order) return true;
    ancestors ??= ancestorBits(ctx.graph, order);
    return hasBit(ancestors[i] as Uint32Array, target);
  };
  ctx.nodes.forEach((node, i) => {
    if (node.kind !== 'custom' && node.kind !== 'init') return;
    for (const [key, value] of Object.entries(node.env ?? {})) {
      const path = ['nodes', i, 'env', key];
      const parsed = parseEnvTemplate(value);
      if (!parsed.ok) {
        report(ctx, path, parsed.message);
        continue;
      }
      for (const part of parsed.parts) {
        if (!('ref' in part)) continue;
        const problem = referenceProblem(ctx, node, i, part.ref, params, dependsOn);
        if (problem) report(ctx, path, problem);
      }
    }
  });
}

function referenceProblem(
  ctx: SpecContext,
  node: AppNode,
  i: number,
  ref: SpecReference,
  params: ReadonlySet<string>,
  dependsOn: (i: number, target: number) => boolean,
): string | undefined {
  if ('param' in ref) {
    if (params.has(ref.param)) return undefined;
    return `references parameter "${ref.param}", which is not declared under parameters${declared(params)}`;
  }
  const target = ctx.graph.index.get(ref.node);
  if (target === undefined)
    return `references node "${ref.node}", which does not exist (nodes: ${listNames(ctx.graph.names)})`;
  const targetNode = ctx.nodes[target] as AppNode;
  const fieldProblem = fieldOffered(targetNode, ref.field);
  if (fieldProblem) return fieldProblem;
  if (target !== i && !dependsOn(i, target))
    return `references ${ref.node}, which ${node.name} does not depend on: add "${ref.node}" to dependsOn (directly or through a node it depends on) so ${ref.node} is deployed first`;
  return undefined;
}

function fieldOffered(target: AppNode, field: string): string | undefined {
  const fields = referenceFields(target);
  if (!fields) return undefined;
  if (target.kind === 'init')
    return `references ${target.name}, an init node: it runs to completion before the nodes that depend on it start, and offers no fields`;
  if (fields.has(field)) return undefined;
  const what = target.kind === 'custom' ? 'custom' : `${target.kind} ${target.template}`;
  const hint = field === 'port' && target.kind === 'custom' ? ' (it declares no ports)' : '';
  return `node ${target.name} (${what}) offers ${listNames([...fields.keys()])}; "${field}" is not one of them${hint}`;
}

function declared(params: ReadonlySet<string>): string {
  return params.size > 0 ? ` (parameters: ${listNames([...params])})` : '';
}
