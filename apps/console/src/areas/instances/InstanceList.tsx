import { PlusOutlined } from '@ant-design/icons';
import type { Instance } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { DeployDialog } from './DeployDialog.js';
import { PhaseTag } from './PhaseTag.js';

/**
 * Every instance of the account with its phase, refreshed while the page is open.
 * `?deploy=1` opens the deploy dialog; `&app=…&version=…&cluster=…` fill it in.
 */
export function InstanceList() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const [search, setSearch] = useSearchParams();
  const list = useQuery({
    queryKey: [account, 'instances'],
    queryFn: () => api.instances.list({ limit: 200 }),
    refetchInterval: 5000,
  });
  const deploying = search.get('deploy') !== null;
  const openDeploy = (open: boolean) =>
    setSearch((s) => {
      if (open) s.set('deploy', '1');
      else for (const key of ['deploy', 'app', 'version', 'cluster']) s.delete(key);
      return s;
    });
  const items = list.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('instances.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openDeploy(true)}>
          {t('instances.deploy')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={describeProblem(list.error)} />}
      <Table<Instance>
        rowKey="name"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        locale={{
          emptyText: (
            <Empty description={t('instances.empty')}>
              <Button type="primary" onClick={() => openDeploy(true)}>
                {t('instances.deploy')}
              </Button>
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('common.name'),
            dataIndex: 'name',
            render: (name: string) => <Link to={name}>{name}</Link>,
          },
          {
            title: t('instances.phase'),
            render: (_, i) => <PhaseTag phase={i.status.phase} />,
          },
          { title: t('instances.app'), render: (_, i) => `${i.app}@${i.version}` },
          { title: t('instances.cluster'), dataIndex: 'cluster' },
          { title: t('instances.host'), dataIndex: 'node' },
          {
            title: t('instances.resources'),
            render: (_, i) => `${i.resources.cpuMillis}m · ${i.resources.memoryMi} Mi`,
          },
          {
            title: t('instances.updated'),
            dataIndex: 'updatedAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
        ]}
      />
      {deploying && (
        <DeployDialog
          onClose={() => openDeploy(false)}
          preset={Object.fromEntries(
            (['app', 'version', 'cluster'] as const).flatMap((key) => {
              const value = search.get(key);
              return value ? [[key, value]] : [];
            }),
          )}
        />
      )}
    </Space>
  );
}
