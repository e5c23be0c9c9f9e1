import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';

export type SpecNodeData = {
  name: string;
  kind: string;
  detail: string;
  errors: number;
  readOnly: boolean;
};
export type SpecFlowNode = Node<SpecNodeData, 'spec'>;

/**
 * One node of the spec. Its dependent-side handle is on the left, its dependency-side
 * handle on the right: dragging from a node's left handle to another's right handle says
 * "deploy that one first", and the arrow points at it.
 */
export function SpecNode({ data, selected }: NodeProps<SpecFlowNode>) {
  const { t } = useTranslation();
  return (
    <div
      className={`berth-node berth-node-${data.kind}${selected ? ' berth-node-selected' : ''}${data.errors > 0 ? ' berth-node-invalid' : ''}`}
      data-testid={`node-${data.name}`}
    >
      <Handle type="source" position={Position.Left} isConnectable={!data.readOnly} />
      <div className="berth-node-kind">
        {t(`canvas.kind.${data.kind}`, { defaultValue: data.kind })}
      </div>
      <div className="berth-node-name">{data.name || '—'}</div>
      <div className="berth-node-detail">{data.detail}</div>
      {data.errors > 0 && (
        <Badge
          className="berth-node-badge"
          count={data.errors}
          title={t('canvas.graph.errorsOnNode', { count: data.errors })}
          aria-label={t('canvas.graph.errorsOnNode', { count: data.errors })}
        />
      )}
      <Handle type="target" position={Position.Right} isConnectable={!data.readOnly} />
    </div>
  );
}
