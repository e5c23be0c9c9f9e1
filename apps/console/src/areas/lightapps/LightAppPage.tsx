import { PlusOutlined } from '@ant-design/icons';
import type { LightAppVersion } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { LightAppEvents } from './LightAppEvents.js';
import { LightAppLogs } from './LightAppLogs.js';
import { NewVersionDialog } from './NewVersionDialog.js';

const tabs = ['versions', 'events', 'logs'] as const;

/** A light app: its versions, what its hosts reported, and its output on one host. */
export function LightAppPage() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const { name = '', tab } = useParams();
  const active = tabs.find((x) => x === tab) ?? 'versions';
  const app = useQuery({
    queryKey: [account, 'lightapps', name],
    queryFn: () => api.lightApps.get(name),
  });
  const base = `/a/${account}/lightapps`;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Breadcrumb
        items={[{ title: <Link to={base}>{t('lightapps.title')}</Link> }, { title: name }]}
      />
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {name}
        </Typography.Title>
        {app.data && <Tag>{app.data.language}</Tag>}
        {app.data?.arch && <Tag>{app.data.arch}</Tag>}
      </Space>
      {app.error && <Alert type="error" showIcon title={describeProblem(app.error)} />}
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`${base}/${name}/${key}`)}
        items={[
          { key: 'versions', label: t('lightapps.versions'), children: <Versions name={name} /> },
          { key: 'events', label: t('lightapps.events'), children: <LightAppEvents name={name} /> },
          { key: 'logs', label: t('lightapps.logs'), children: <LightAppLogs name={name} /> },
        ]}
      />
    </Space>
  );
}

function Versions({ name }: { name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const [creating, setCreating] = useState(false);
  const versions = useQuery({
    queryKey: [account, 'lightapps', name, 'versions'],
    queryFn: () => api.lightApps.versions(name, { limit: 500 }),
  });
  const items = versions.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
        {t('lightapps.newVersion')}
      </Button>
      {versions.error && <Alert type="error" showIcon title={describeProblem(versions.error)} />}
      <Table<LightAppVersion>
        rowKey="version"
        loading={versions.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('lightapps.noVersions') }}
        columns={[
          {
            title: t('lightapps.version'),
            dataIndex: 'version',
            render: (v: string) => <Link to={`versions/${v}`}>{v}</Link>,
          },
          {
            title: t('lightapps.kind'),
            dataIndex: 'kind',
            render: (k: LightAppVersion['kind']) => t(`lightapps.kinds.${k}`),
          },
          { title: t('lightapps.from'), dataIndex: 'from', render: (v) => v ?? '—' },
          {
            title: t('lightapps.state'),
            dataIndex: 'state',
            render: (s: LightAppVersion['state']) => (
              <Tag color={s === 'published' ? 'success' : 'default'}>
                {t(`lightapps.states.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('lightapps.package'),
            render: (_, v) => (v.package ? `${v.package.format} · ${v.package.size} B` : '—'),
          },
          {
            title: t('lightapps.config'),
            render: (_, v) => v.config?.entry ?? '—',
          },
        ]}
      />
      {creating && (
        <NewVersionDialog name={name} versions={items} onClose={() => setCreating(false)} />
      )}
    </Space>
  );
}
