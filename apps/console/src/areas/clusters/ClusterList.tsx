import { PlusOutlined } from '@ant-design/icons';
import type { Cluster } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { dateTime } from '../../shell/format.js';
import { CreateClusterDialog } from './CreateClusterDialog.js';
import { clusterKeys, livePollMs } from './queries.js';

/** The account's clusters and the shared ones it may deploy to, with nodes online. */
export function ClusterList() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const [creating, setCreating] = useState(false);
  const clusters = useQuery({
    queryKey: clusterKeys.all(account),
    queryFn: () => api.clusters.list({ limit: 500 }),
    refetchInterval: livePollMs * 5,
  });
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('clusters.create')}
    </Button>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('clusters.title')}
        </Typography.Title>
        {createButton}
      </Space>
      {clusters.error && <Alert type="error" title={describeProblem(clusters.error)} />}
      <Table<Cluster>
        rowKey="name"
        loading={clusters.isLoading}
        dataSource={clusters.data?.items ?? []}
        pagination={false}
        locale={{
          emptyText: <Empty description={t('clusters.empty')}>{createButton}</Empty>,
        }}
        columns={[
          {
            title: t('clusters.columns.name'),
            dataIndex: 'name',
            render: (name: string, c) => (
              <Space size="small">
                <Link to={name}>{c.displayName ? `${c.displayName} (${name})` : name}</Link>
                {c.shared && (
                  <Tooltip title={t('clusters.sharedHelp')}>
                    <Tag>{t('clusters.shared')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('clusters.columns.type'),
            dataIndex: 'type',
            render: (type: string) => t(`clusters.type.${type}`),
          },
          {
            title: t('clusters.columns.runtime'),
            dataIndex: 'runtime',
            render: (runtime: string) => t(`clusters.runtime.${runtime}`),
          },
          {
            title: t('clusters.columns.nodes'),
            key: 'nodes',
            render: (_, c) => `${c.nodes.online} / ${c.nodes.total}`,
          },
          {
            title: t('clusters.columns.created'),
            dataIndex: 'createdAt',
            render: (at: string) => dateTime(at, i18n.language),
          },
        ]}
      />
      <CreateClusterDialog open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
