// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax, not a mistaken template literal
import { formatPath } from '../spec-path.js';
import { report, type SpecContext } from './spec-context.js';

/**
 * Names that must be unique: nodes (others reach a node by its name) and parameters
 * (nodes reference them by name). `params` is no node name: `${params.x}` means a
 * parameter.
 */
export function checkNames(ctx: SpecContext): void {
  const nodesSeen = new Map<string, number>();
  ctx.nodes.forEach((node, i) => {
    if (node.name === 'params')
      report(
        ctx,
        ['nodes', i, 'name'],
        '"params" is reserved for ${params.name} references: choose another name',
      );
    const first = nodesSeen.get(node.name);
    if (first === undefined) nodesSeen.set(node.name, i);
    else
      report(
        ctx,
        ['nodes', i, 'name'],
        `"${node.name}" is already the name of ${formatPath(['nodes', first])}: node names must be unique`,
      );
  });
  const paramsSeen = new Map<string, number>();
  (ctx.spec.parameters ?? []).forEach((param, i) => {
    const first = paramsSeen.get(param.name);
    if (first === undefined) paramsSeen.set(param.name, i);
    else
      report(
        ctx,
        ['parameters', i, 'name'],
        `"${param.name}" is already the name of ${formatPath(['parameters', first])}: parameter names must be unique`,
      );
  });
}
