import '@xyflow/react/dist/style.css';
import type { AppSpec, Instance } from '@berth/spec';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import { Empty, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { layoutByDependency, type Placed } from '../../graph/layout.js';
import { PhaseTag } from './PhaseTag.js';
import { phaseColour } from './phase.js';

type NodeStatus = Instance['status']['nodes'][number];
interface LiveData extends Record<string, unknown> {
  name: string;
  kind: string;
  replicas: number;
  status: NodeStatus | undefined;
}
type LiveNode = Node<LiveData, 'live'>;

const width = 220;
const height = 96;

/** One node of the instance: its phase as the colour, readiness, restarts and endpoints. */
function LiveNodeView({ data }: NodeProps<LiveNode>) {
  const { t } = useTranslation();
  const phase = data.status?.phase ?? 'pending';
  const colour = phaseColour(phase);
  return (
    <section
      data-testid={`live-node-${data.name}`}
      data-phase={phase}
      aria-label={`${data.name}: ${t(`instances.phases.${phase}`, { defaultValue: phase })}`}
      style={{
        width,
        minHeight: height,
        background: colour.fill,
        border: `2px solid ${colour.border}`,
        borderRadius: 8,
        padding: 8,
        fontSize: 12,
      }}
    >
      <Handle
        type="target"
        position={Position.Right}
        style={{ opacity: 0 }}
        isConnectable={false}
      />
      <Space size={4} wrap>
        <Typography.Text strong>{data.name}</Typography.Text>
        <Tag>{data.kind}</Tag>
        <PhaseTag phase={phase} />
      </Space>
      <div>
        {data.status?.ready ? t('instances.ready') : t('instances.notReady')} ·{' '}
        {t('instances.replicas', { count: data.replicas })} ·{' '}
        {t('instances.restarts', { count: data.status?.restarts ?? 0 })}
      </div>
      {data.status?.endpoints.map((e) => (
        <div key={e}>
          <Typography.Text code copyable style={{ fontSize: 11 }}>
            {e}
          </Typography.Text>
        </div>
      ))}
      {data.status?.message && (
        <Typography.Text type="danger" style={{ fontSize: 11 }}>
          {data.status.message}
        </Typography.Text>
      )}
      <Handle type="source" position={Position.Left} style={{ opacity: 0 }} isConnectable={false} />
    </section>
  );
}

const nodeTypes = { live: LiveNodeView };

/** The version's graph, laid out by dependency, read-only, coloured by each node's phase. */
export function InstanceGraph({ spec, instance }: { spec: AppSpec; instance: Instance }) {
  const { t } = useTranslation();
  const specNodes = useMemo(() => spec.nodes ?? [], [spec]);
  const [placed, setPlaced] = useState<Placed[]>();
  useEffect(() => {
    let live = true;
    void layoutByDependency(
      specNodes.map((n) => ({ name: n.name, dependsOn: n.dependsOn ?? [], width, height })),
    ).then((p) => {
      if (live) setPlaced(p);
    });
    return () => {
      live = false;
    };
  }, [specNodes]);
  const nodes = useMemo<LiveNode[]>(() => {
    const at = new Map((placed ?? []).map((p) => [p.name, p]));
    const statuses = new Map(instance.status.nodes.map((s) => [s.name, s]));
    return specNodes.map((n) => ({
      id: n.name,
      type: 'live',
      position: { x: at.get(n.name)?.x ?? 0, y: at.get(n.name)?.y ?? 0 },
      data: {
        name: n.name,
        kind: n.kind,
        replicas: instance.replicas[n.name] ?? ('replicas' in n ? (n.replicas ?? 1) : 1),
        status: statuses.get(n.name),
      },
      draggable: false,
      connectable: false,
    }));
  }, [placed, specNodes, instance]);
  // The arrow points to the node that deploys first, as on the canvas.
  const edges = useMemo<Edge[]>(
    () =>
      specNodes.flatMap((n) =>
        (n.dependsOn ?? []).map((d) => ({
          id: `${n.name}->${d}`,
          source: n.name,
          target: d,
          markerEnd: { type: MarkerType.ArrowClosed },
        })),
      ),
    [specNodes],
  );
  if (specNodes.length === 0) return <Empty description={t('instances.noSpecNodes')} />;
  if (!placed) return null;
  return (
    <div style={{ height: 460, border: '1px solid #f0f0f0', borderRadius: 8 }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
        aria-label={t('instances.graph')}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
