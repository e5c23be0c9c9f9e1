import type { LightDeploymentHost } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';

const colours: Record<LightDeploymentHost['phase'], string> = {
  queued: 'default',
  downloading: 'processing',
  starting: 'processing',
  running: 'success',
  failed: 'error',
  replaced: 'default',
};

/** Where a deployment stands on each host, refreshed every 2 s until every host settled. */
export function DeploymentPage() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const { name = '', id = '' } = useParams();
  const deployment = useQuery({
    queryKey: [account, 'lightapps', name, 'deployments', id],
    queryFn: () => api.lightApps.deployment(name, id),
    refetchInterval: 2000,
  });
  // A host that keeps failing to start stays `queued`; its newest event says why.
  const events = useQuery({
    queryKey: [account, 'lightapps', name, 'events'],
    queryFn: () => api.lightApps.events(name, { limit: 200 }),
    refetchInterval: 2000,
  });
  const d = deployment.data;
  const latest = new Map<string, string>();
  for (const e of events.data?.items ?? []) {
    if (d && e.time >= d.createdAt) latest.set(e.host, `${e.reason}: ${e.message}`);
  }
  const hosts = d?.hosts ?? [];
  const running = hosts.filter((h) => h.phase === 'running').length;
  const failed = hosts.some((h) => h.phase === 'failed');
  const base = `/a/${account}/lightapps`;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Breadcrumb
        items={[
          { title: <Link to={base}>{t('lightapps.title')}</Link> },
          { title: <Link to={`${base}/${name}`}>{name}</Link> },
          { title: t('lightapps.deployment', { id }) },
        ]}
      />
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('lightapps.deployment', { id })}
      </Typography.Title>
      {deployment.error && (
        <Alert type="error" showIcon title={describeProblem(deployment.error)} />
      )}
      {d && (
        <>
          <Typography.Text>
            {t('lightapps.deploymentOf', { app: d.app, version: d.version, cluster: d.cluster })}
          </Typography.Text>
          <div data-testid="deployment-progress">
            {t('lightapps.done', { done: running, total: hosts.length })}
            <Progress
              percent={hosts.length ? Math.round((running / hosts.length) * 100) : 0}
              status={failed ? 'exception' : running === hosts.length ? 'success' : 'active'}
              aria-label={t('lightapps.phase')}
            />
          </div>
          <Table<LightDeploymentHost>
            rowKey="node"
            dataSource={hosts}
            pagination={false}
            columns={[
              { title: t('lightapps.host'), dataIndex: 'node' },
              {
                title: t('lightapps.phase'),
                dataIndex: 'phase',
                render: (p: LightDeploymentHost['phase'], h) => (
                  <Tag color={colours[p]} data-testid={`host-phase-${h.node}`} data-phase={p}>
                    {t(`lightapps.hostPhases.${p}`)}
                  </Tag>
                ),
              },
              { title: t('lightapps.message'), dataIndex: 'message', render: (m) => m ?? '' },
              {
                title: t('lightapps.lastEvent'),
                render: (_, h) => latest.get(h.node) ?? '—',
              },
              {
                title: t('lightapps.limits'),
                dataIndex: 'limitsEnforced',
                render: (v: boolean | null) =>
                  v === null ? t('lightapps.unknown') : v ? t('lightapps.yes') : t('lightapps.no'),
              },
            ]}
          />
          <Space>
            <Link to={`${base}/${name}/events`}>{t('lightapps.events')}</Link>
            <Link to={`${base}/${name}/logs`}>{t('lightapps.logs')}</Link>
          </Space>
        </>
      )}
    </Space>
  );
}
