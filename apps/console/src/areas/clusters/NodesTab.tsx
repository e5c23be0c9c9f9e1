import { PlusOutlined } from '@ant-design/icons';
import type { Cluster, CreatedNode, Node } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Empty, Popconfirm, Space, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { dateTime, mebibytes, relativeTime } from '../../shell/format.js';
import { AddNodeDialog } from './AddNodeDialog.js';
import { JoinInstructions } from './JoinInstructions.js';
import { useMayManage } from './manage.js';
import { NodeFactsView } from './NodeFactsView.js';
import { clusterKeys, livePollMs } from './queries.js';

const badge = {
  pending: 'default',
  online: 'success',
  offline: 'error',
  revoked: 'warning',
} as const;

/** The cluster's nodes, live: status, last seen and the facts each agent reports. */
export function NodesTab({ cluster }: { cluster: Cluster }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [joining, setJoining] = useState<CreatedNode>();
  const nodes = useQuery({
    queryKey: clusterKeys.nodes(account, cluster.name),
    queryFn: () => api.nodes.list(cluster.name, { limit: 500 }),
    refetchInterval: livePollMs,
  });
  const refresh = () =>
    queries.invalidateQueries({ queryKey: clusterKeys.one(account, cluster.name) });
  const act = useMutation({
    mutationFn: async ({
      node,
      action,
    }: {
      node: string;
      action: 'revoke' | 'remove' | 'reissue';
    }) => {
      if (action === 'revoke') await api.nodes.revoke(cluster.name, node);
      if (action === 'remove') await api.nodes.delete(cluster.name, node);
      if (action === 'reissue') return api.nodes.reissueJoinToken(cluster.name, node);
      return undefined;
    },
    onSuccess: async (created, { node, action }) => {
      if (created) setJoining(created);
      if (action === 'revoke') void message.success(t('clusters.nodes.revoked', { name: node }));
      if (action === 'remove') void message.success(t('clusters.nodes.removed', { name: node }));
      await refresh();
    },
    onError: (error) => void message.error(describeProblem(error)),
  });
  const manage = useMayManage(cluster);
  const addButton = manage && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
      {t('clusters.nodes.add')}
    </Button>
  );
  const dash = '—';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {manage && <Space style={{ width: '100%', justifyContent: 'flex-end' }}>{addButton}</Space>}
      {nodes.error && <Alert type="error" title={describeProblem(nodes.error)} />}
      <Table<Node>
        rowKey="name"
        size="middle"
        loading={nodes.isLoading}
        dataSource={nodes.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('clusters.nodes.empty')}>{addButton}</Empty> }}
        expandable={{
          expandedRowRender: (node) => <NodeFactsView node={node} />,
          rowExpandable: () => true,
        }}
        columns={[
          { title: t('clusters.nodes.columns.name'), dataIndex: 'name' },
          {
            title: t('clusters.nodes.columns.status'),
            dataIndex: 'status',
            render: (status: Node['status']) => (
              <Badge status={badge[status]} text={t(`clusters.nodes.status.${status}`)} />
            ),
          },
          {
            title: t('clusters.nodes.columns.lastSeen'),
            dataIndex: 'lastSeenAt',
            render: (at: string | null) =>
              at ? (
                <Tooltip title={dateTime(at, i18n.language)}>
                  {relativeTime(at, i18n.language)}
                </Tooltip>
              ) : (
                t('clusters.nodes.never')
              ),
          },
          {
            title: t('clusters.nodes.columns.arch'),
            key: 'arch',
            render: (_, n) => n.facts?.arch ?? dash,
          },
          {
            title: t('clusters.nodes.columns.os'),
            key: 'os',
            render: (_, n) => n.facts?.os ?? dash,
          },
          {
            title: t('clusters.nodes.columns.cpus'),
            key: 'cpus',
            render: (_, n) => n.facts?.cpus ?? dash,
          },
          {
            title: t('clusters.nodes.columns.memory'),
            key: 'memory',
            render: (_, n) => (n.facts ? mebibytes(n.facts.memoryMi) : dash),
          },
          {
            title: t('clusters.nodes.columns.disk'),
            key: 'disk',
            render: (_, n) => (n.facts ? mebibytes(n.facts.diskMi) : dash),
          },
          {
            title: t('clusters.nodes.columns.engine'),
            key: 'engine',
            render: (_, n) =>
              n.facts ? `${n.facts.engine.kind} ${n.facts.engine.version ?? ''}`.trim() : dash,
          },
          {
            title: t('clusters.nodes.columns.agent'),
            key: 'agent',
            render: (_, n) => n.facts?.agentVersion ?? dash,
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, n: Node) => (
                    <Space size="small">
                      {n.status === 'pending' && (
                        <Button
                          size="small"
                          onClick={() => act.mutate({ node: n.name, action: 'reissue' })}
                        >
                          {t('clusters.nodes.reissue')}
                        </Button>
                      )}
                      {n.status !== 'revoked' && n.status !== 'pending' && (
                        <Popconfirm
                          title={t('clusters.nodes.confirmRevoke', { name: n.name })}
                          okText={t('clusters.nodes.revoke')}
                          cancelText={t('common.cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => act.mutate({ node: n.name, action: 'revoke' })}
                        >
                          <Button size="small" danger>
                            {t('clusters.nodes.revoke')}
                          </Button>
                        </Popconfirm>
                      )}
                      <Popconfirm
                        title={t('clusters.nodes.confirmRemove', { name: n.name })}
                        okText={t('clusters.nodes.remove')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => act.mutate({ node: n.name, action: 'remove' })}
                      >
                        <Button size="small" danger type="text">
                          {t('clusters.nodes.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AddNodeDialog
        cluster={cluster.name}
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(node) => {
          setAdding(false);
          setJoining(node);
        }}
      />
      <JoinInstructions node={joining} onClose={() => setJoining(undefined)} />
    </Space>
  );
}
