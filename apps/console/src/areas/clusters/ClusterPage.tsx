import { ArrowLeftOutlined, DeleteOutlined } from '@ant-design/icons';
import type { Cluster } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Popconfirm,
  Result,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { ComponentsTab } from './ComponentsTab.js';
import { ConsoleUsersTab } from './ConsoleUsersTab.js';
import { NodesTab } from './NodesTab.js';
import { clusterKeys, livePollMs } from './queries.js';
import { SettingsTab } from './SettingsTab.js';

function tabsOf(cluster: Cluster): string[] {
  const tabs = ['nodes'];
  if (cluster.type === 'edge-appliance') tabs.push('components');
  if (cluster.type !== 'cloud') tabs.push('console');
  tabs.push('settings');
  return tabs;
}

/** A cluster: what it is, and its nodes, components and console users by tab (in the URL). */
export function ClusterPage() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const { cluster: name = '', tab = 'nodes' } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const cluster = useQuery({
    queryKey: clusterKeys.one(account, name),
    queryFn: () => api.clusters.get(name),
    refetchInterval: livePollMs,
  });
  const remove = useMutation({
    mutationFn: () => api.clusters.delete(name),
    onSuccess: async () => {
      void message.success(t('clusters.detail.deleted', { name }));
      await queries.invalidateQueries({ queryKey: clusterKeys.all(account) });
      navigate('..', { relative: 'path' });
    },
    onError: (error) => void message.error(describeProblem(error)),
  });
  const back = (
    <Link to={`/a/${account}/clusters`}>
      <ArrowLeftOutlined /> {t('clusters.detail.back')}
    </Link>
  );
  if (cluster.isLoading) return <Spin />;
  if (!cluster.data) {
    return (
      <Result
        status="warning"
        title={t('common.notFound', { what: name })}
        subTitle={describeProblem(cluster.error)}
        extra={back}
      />
    );
  }
  const c = cluster.data;
  const tabs = tabsOf(c);
  const nfs = c.storage?.nfs;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space align="center">
          <Typography.Title level={2} style={{ margin: 0 }}>
            {c.displayName ?? c.name}
          </Typography.Title>
          <Tag>{t(`clusters.type.${c.type}`)}</Tag>
          {c.shared && <Tag color="blue">{t('clusters.shared')}</Tag>}
        </Space>
        {!c.shared && (
          <Popconfirm
            title={t('clusters.detail.confirmDelete', { name: c.name, count: c.nodes.total })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutate()}
          >
            <Button danger icon={<DeleteOutlined />} loading={remove.isPending}>
              {t('clusters.detail.delete')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {c.warnings.length > 0 && (
        <Alert type="warning" title={t('clusters.warnings')} description={c.warnings.join('\n')} />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('clusters.columns.name')}>{c.name}</Descriptions.Item>
        <Descriptions.Item label={t('clusters.columns.runtime')}>
          {t(`clusters.runtime.${c.runtime}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clusters.detail.storage')}>
          {nfs ? `nfs://${nfs.server}${nfs.path}` : t('clusters.detail.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('clusters.detail.serviceCidr')}>
          {c.serviceCidr ?? t('clusters.detail.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('clusters.columns.nodes')}>
          {`${c.nodes.online} / ${c.nodes.total}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('clusters.detail.heartbeat')}>
          {t('clusters.detail.seconds', { count: c.agentSettings.heartbeatSeconds })}
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tabs.includes(tab) ? tab : 'nodes'}
        onChange={(key) => navigate(`/a/${account}/clusters/${c.name}/${key}`)}
        items={tabs.map((key) => ({ key, label: t(`clusters.detail.tabs.${key}`) }))}
      />
      {tab === 'components' && tabs.includes(tab) ? (
        <ComponentsTab cluster={c} />
      ) : tab === 'console' && tabs.includes(tab) ? (
        <ConsoleUsersTab cluster={c} />
      ) : tab === 'settings' ? (
        <SettingsTab cluster={c} />
      ) : (
        <NodesTab cluster={c} />
      )}
    </Space>
  );
}
