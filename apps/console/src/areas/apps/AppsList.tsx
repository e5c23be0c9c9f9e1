import { PlusOutlined } from '@ant-design/icons';
import type { App } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { appKeys } from './queries.js';

/** Every app of the account; the empty state leads to the wizard. */
export function AppsList() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const apps = useQuery({
    queryKey: appKeys.apps(account),
    queryFn: () => api.apps.list({ limit: 500 }),
  });
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('new')}>
      {t('apps.create')}
    </Button>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('apps.title')}
        </Typography.Title>
        {createButton}
      </Space>
      {apps.error && <Alert type="error" title={describeProblem(apps.error)} />}
      <Table<App>
        rowKey="name"
        loading={apps.isLoading}
        dataSource={apps.data?.items ?? []}
        pagination={false}
        locale={{
          emptyText: <Empty description={t('apps.empty')}>{createButton}</Empty>,
        }}
        columns={[
          {
            title: t('apps.columns.name'),
            dataIndex: 'name',
            render: (name: string) => <Link to={name}>{name}</Link>,
          },
          { title: t('apps.columns.displayName'), dataIndex: 'displayName' },
          {
            title: t('apps.columns.distribution'),
            dataIndex: 'distribution',
            render: (d: string) => t(`apps.distribution.${d}`),
          },
          {
            title: t('apps.columns.deployment'),
            dataIndex: 'deployment',
            render: (d: string) => t(`apps.deployment.${d}`),
          },
          {
            title: t('apps.columns.latest'),
            dataIndex: 'latestVersion',
            render: (v: string | null) =>
              v ?? <Typography.Text type="secondary">{t('apps.noneYet')}</Typography.Text>,
          },
          {
            title: t('apps.columns.created'),
            dataIndex: 'createdAt',
            render: (at: string) => new Date(at).toLocaleString(),
          },
        ]}
      />
    </Space>
  );
}
