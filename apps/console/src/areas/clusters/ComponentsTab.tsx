import type { Cluster, ClusterComponent } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { clusterKeys, livePollMs } from './queries.js';

const statusColour: Record<ClusterComponent['status'], string> = {
  'not-initialised': 'default',
  initialising: 'processing',
  ready: 'success',
  degraded: 'warning',
  failed: 'error',
};

/** Base components of an edge appliance: their status over the hosts, and initialising them. */
export function ComponentsTab({ cluster }: { cluster: Cluster }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string>();
  const key = clusterKeys.components(account, cluster.name);
  const components = useQuery({
    queryKey: key,
    queryFn: () => api.components.list(cluster.name),
    refetchInterval: livePollMs,
  });
  const initialise = useMutation({
    mutationFn: (component: string) => api.components.initialise(cluster.name, component),
    onSuccess: async (c) => {
      void message.success(t('clusters.components.initialised', { name: c.displayName }));
      await queries.invalidateQueries({ queryKey: key });
    },
    onMutate: () => setFailure(undefined),
    // Kept on screen, not a passing toast: the reason (e.g. no nodes yet) says what to do.
    onError: (error) => setFailure(describeProblem(error)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {components.error && <Alert type="error" title={describeProblem(components.error)} />}
      {failure && (
        <Alert
          type="error"
          role="alert"
          title={failure}
          closable={{ onClose: () => setFailure(undefined) }}
        />
      )}
      <Table<ClusterComponent>
        rowKey="name"
        loading={components.isLoading}
        dataSource={components.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('clusters.components.empty') }}
        columns={[
          {
            title: t('clusters.components.columns.name'),
            key: 'name',
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.displayName}</Typography.Text>
                <Typography.Text type="secondary">{c.description}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('clusters.components.columns.status'),
            dataIndex: 'status',
            render: (s: ClusterComponent['status']) => (
              <Tag color={statusColour[s]}>{t(`clusters.components.status.${s}`)}</Tag>
            ),
          },
          {
            title: t('clusters.components.columns.hosts'),
            key: 'hosts',
            render: (_, c) =>
              c.nodes.map((n) => (
                <div key={n.node}>
                  {n.node}: {t(`clusters.components.phase.${n.phase}`)}
                  {n.message ? ` — ${n.message}` : ''}
                </div>
              )),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Button
                size="small"
                loading={initialise.isPending && initialise.variables === c.name}
                onClick={() => initialise.mutate(c.name)}
              >
                {t('clusters.components.initialise')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
