import ELK from 'elkjs/lib/elk.bundled.js';

/** A node of a spec graph to place: its name and the names it depends on (deploy first). */
export interface GraphNodeInput {
  name: string;
  dependsOn: string[];
  width?: number;
  height?: number;
}

export interface Placed {
  name: string;
  x: number;
  y: number;
}

const elk = new ELK();

/**
 * Places the nodes in layers by dependency, left to right: a node's dependencies (what
 * deploys first) sit to its left, so the deploy order reads like text. Edges whose target
 * is missing are ignored (the validator reports them on the node).
 */
export async function layoutByDependency(nodes: GraphNodeInput[]): Promise<Placed[]> {
  const names = new Set(nodes.map((n) => n.name));
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
    },
    children: nodes.map((n) => ({ id: n.name, width: n.width ?? 180, height: n.height ?? 64 })),
    edges: nodes.flatMap((n) =>
      n.dependsOn
        .filter((d) => names.has(d) && d !== n.name)
        .map((d) => ({ id: `${d}->${n.name}`, sources: [d], targets: [n.name] })),
    ),
  });
  return (graph.children ?? []).map((c) => ({ name: c.id, x: c.x ?? 0, y: c.y ?? 0 }));
}
