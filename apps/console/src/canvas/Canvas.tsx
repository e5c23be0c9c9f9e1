import '@xyflow/react/dist/style.css';
import './canvas.css';
import { ApartmentOutlined } from '@ant-design/icons';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  type Edge,
  type EdgeChange,
  getViewportForBounds,
  MarkerType,
  MiniMap,
  type NodeChange,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { Button, Typography } from 'antd';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { layoutByDependency } from '../graph/layout.js';
import { NodeProperties } from './NodeProperties.js';
import { Palette, paletteMime } from './Palette.js';
import { loadPositions, type Positions, savePositions } from './positions.js';
import { type SpecFlowNode, SpecNode } from './SpecNode.js';
import {
  addNode,
  connect,
  disconnect,
  edgesOf,
  type NodeDoc,
  newNode,
  nodesOf,
  type PaletteItem,
  type PlacedError,
  removeNodes,
  replaceNode,
} from './spec-model.js';
import { type SpecHistory, useResetKey } from './use-spec-history.js';

const nodeTypes = { spec: SpecNode };
/** The kinds' colours, the same as the nodes' left border (canvas.css). */
const kindColour: Record<string, string> = {
  custom: '#1677ff',
  init: '#722ed1',
  middleware: '#13c2c2',
  managed: '#fa8c16',
};
const nodeWidth = 190;
const nodeHeight = 72;
type DepEdge = Edge<{ dependency: string }>;

interface Props {
  history: SpecHistory;
  errors: PlacedError[];
  readOnly: boolean;
  /** account/app/version: where this browser keeps the node positions. */
  scope: string;
}

function detailOf(node: NodeDoc): string {
  if (node.kind === 'middleware' || node.kind === 'managed')
    return [node.template, node.version].filter(Boolean).join(':');
  return typeof node.image === 'string' ? node.image : '';
}

function Graph({ history, errors, readOnly, scope }: Props) {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const nodes = useMemo(() => nodesOf(history.spec), [history.spec]);
  const [positions, setPositions] = useState<Positions>(() => loadPositions(scope));
  const [selected, setSelected] = useState<number>();
  const [flowNodes, setFlowNodes] = useState<SpecFlowNode[]>([]);
  const [flowEdges, setFlowEdges] = useState<DepEdge[]>([]);
  const formKey = useResetKey(history, 'node-form');

  useEffect(() => savePositions(scope, positions), [scope, positions]);

  const layout = useCallback(async () => {
    const seen = new Set<string>();
    const unique = nodesOf(history.spec).filter((n) => {
      const ok = Boolean(n.name) && !seen.has(n.name ?? '');
      seen.add(n.name ?? '');
      return ok;
    });
    const placed = await layoutByDependency(
      unique.map((n) => ({
        name: n.name ?? '',
        dependsOn: n.dependsOn ?? [],
        width: nodeWidth,
        height: nodeHeight,
      })),
    );
    setPositions((p) => ({
      ...p,
      ...Object.fromEntries(placed.map((x) => [x.name, { x: x.x, y: x.y }])),
    }));
    // Fit the laid-out graph from the positions themselves: they reach React Flow's own
    // state only two renders later.
    const box = wrapper.current?.getBoundingClientRect();
    if (box && placed.length > 0) {
      const xs = placed.map((p) => p.x);
      const ys = placed.map((p) => p.y);
      const bounds = {
        x: Math.min(...xs),
        y: Math.min(...ys),
        width: Math.max(...xs) - Math.min(...xs) + nodeWidth,
        height: Math.max(...ys) - Math.min(...ys) + nodeHeight,
      };
      void flow.setViewport(getViewportForBounds(bounds, box.width, box.height, 0.2, 1, 0.15));
    }
  }, [history.spec, flow]);

  // On first load, nodes without a position in this browser are placed by the layout.
  const firstLoad = useRef(true);
  useEffect(() => {
    if (!firstLoad.current) return;
    firstLoad.current = false;
    if (nodes.some((n) => !positions[n.name ?? ''])) void layout();
  }, [nodes, positions, layout]);

  const errorCounts = useMemo(() => {
    const counts = new Map<number, number>();
    for (const e of errors)
      if (e.node !== undefined) counts.set(e.node, (counts.get(e.node) ?? 0) + 1);
    return counts;
  }, [errors]);

  // The flow's nodes follow the spec; what React Flow measured about them is kept.
  useEffect(() => {
    setFlowNodes((prev) =>
      nodes.map((n, i) => {
        const id = String(i);
        const old = prev.find((p) => p.id === id);
        const kind = String(n.kind ?? 'custom');
        return {
          ...old,
          id,
          type: 'spec',
          position: positions[n.name ?? ''] ?? old?.position ?? { x: 40 + i * 230, y: 40 },
          selected: selected === i,
          ariaLabel: t('canvas.graph.nodeLabel', { kind: t(`canvas.kind.${kind}`), name: n.name }),
          data: {
            name: n.name ?? '',
            kind,
            detail: detailOf(n),
            errors: errorCounts.get(i) ?? 0,
            readOnly,
          },
        };
      }),
    );
  }, [nodes, positions, selected, errorCounts, readOnly, t]);

  useEffect(() => {
    setFlowEdges((prev) =>
      edgesOf(history.spec).map((e) => ({
        id: e.id,
        source: String(e.source),
        target: String(e.target),
        data: { dependency: e.dependency },
        selected: prev.find((p) => p.id === e.id)?.selected ?? false,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        ariaLabel: `${nodes[e.source]?.name} → ${e.dependency}`,
      })),
    );
  }, [history.spec, nodes]);

  const moved = (id: string, position: { x: number; y: number }) => {
    const name = nodes[Number(id)]?.name;
    if (name) setPositions((p) => ({ ...p, [name]: position }));
  };

  const onNodesChange = (changes: NodeChange<SpecFlowNode>[]) => {
    setFlowNodes((nds) =>
      applyNodeChanges(
        changes.filter((c) => c.type !== 'remove'),
        nds,
      ),
    );
    for (const c of changes) {
      if (c.type === 'select')
        setSelected((s) => (c.selected ? Number(c.id) : s === Number(c.id) ? undefined : s));
      if (c.type === 'position' && c.position && !c.dragging) moved(c.id, c.position);
    }
  };

  const add = (item: PaletteItem, position: { x: number; y: number }) => {
    const node = newNode(item, history.spec);
    setPositions((p) => ({ ...p, [node.name ?? '']: position }));
    history.change((s) => addNode(s, node), 'canvas');
    setSelected(nodes.length);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const raw = event.dataTransfer.getData(paletteMime);
    if (!raw || readOnly) return;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    add(JSON.parse(raw) as PaletteItem, { x: position.x - 90, y: position.y - 30 });
  };

  const addAtCentre = (item: PaletteItem) => {
    const box = wrapper.current?.getBoundingClientRect();
    const centre = flow.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 600) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 400) / 2,
    });
    const offset = (nodes.length % 5) * 24;
    add(item, { x: centre.x - 90 + offset, y: centre.y - 30 + offset });
  };

  const selectedNode = selected === undefined ? undefined : nodes[selected];
  return (
    <div className={`berth-canvas${readOnly ? ' berth-canvas-readonly' : ''}`}>
      {!readOnly && <Palette onAdd={addAtCentre} />}
      <section className="berth-graph" ref={wrapper} aria-label={t('canvas.graph.label')}>
        <ReactFlow<SpecFlowNode, DepEdge>
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={(changes: EdgeChange<DepEdge>[]) =>
            setFlowEdges((eds) =>
              applyEdgeChanges(
                changes.filter((c) => c.type !== 'remove'),
                eds,
              ),
            )
          }
          onNodeDragStop={(_, __, dragged) => {
            for (const n of dragged) moved(n.id, n.position);
          }}
          onConnect={(c) =>
            history.change((s) => connect(s, Number(c.source), Number(c.target)), 'canvas')
          }
          onDelete={({ nodes: gone, edges }) => {
            const removed = new Set(gone.map((n) => Number(n.id)));
            history.change((s) => {
              let next = s;
              for (const e of edges)
                if (!removed.has(Number(e.source)) && e.data)
                  next = disconnect(next, Number(e.source), e.data.dependency);
              return removed.size > 0 ? removeNodes(next, [...removed]) : next;
            }, 'canvas');
            if (removed.size > 0) setSelected(undefined);
          }}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }}
          onDrop={onDrop}
          nodesConnectable={!readOnly}
          deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls />
          <MiniMap
            pannable
            zoomable
            ariaLabel={t('canvas.graph.minimap')}
            style={{ width: 150, height: 100 }}
            nodeColor={(n) => kindColour[(n as SpecFlowNode).data.kind] ?? '#bfbfbf'}
          />
          <Panel position="top-right">
            <Button size="small" icon={<ApartmentOutlined />} onClick={() => void layout()}>
              {t('canvas.toolbar.layout')}
            </Button>
          </Panel>
          {nodes.length === 0 && (
            <Panel position="top-center">
              <Typography.Text type="secondary">{t('canvas.graph.empty')}</Typography.Text>
            </Panel>
          )}
        </ReactFlow>
      </section>
      <aside className="berth-properties" aria-label={t('canvas.props.title')}>
        <Typography.Title level={5}>{t('canvas.props.title')}</Typography.Title>
        <NodeProperties
          node={selectedNode}
          names={nodes.map((n) => n.name ?? '').filter(Boolean)}
          errors={errors.filter((e) => e.node === selected)}
          readOnly={readOnly}
          resetKey={`${selected}:${formKey}`}
          onChange={(node) => {
            const index = selected ?? -1;
            const before = nodes[index]?.name;
            if (before && node.name && before !== node.name)
              setPositions((p) => (p[before] ? { ...p, [node.name ?? '']: p[before] } : p));
            history.change((s) => replaceNode(s, index, node), 'node-form', `node:${index}`);
          }}
          onDelete={() => {
            if (selected === undefined) return;
            history.change((s) => removeNodes(s, [selected]), 'canvas');
            setSelected(undefined);
          }}
        />
      </aside>
    </div>
  );
}

/** The orchestration canvas: palette, graph and the selected node's properties. */
export default function Canvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}
