import { BerthApiError } from '@berth/client';
import type { Instance } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Descriptions, Progress, Result, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { InstanceActions } from './InstanceActions.js';
import { InstanceEvents } from './InstanceEvents.js';
import { InstanceGraph } from './InstanceGraph.js';
import { InstanceLogs } from './InstanceLogs.js';
import { PhaseTag } from './PhaseTag.js';

const tabs = ['graph', 'events', 'logs'] as const;

/** One instance: its phase and progress, the live graph, events and logs (tab in the URL). */
export function InstancePage() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const { name = '', tab } = useParams();
  const active = tabs.find((x) => x === tab) ?? 'graph';
  const instance = useQuery({
    queryKey: [account, 'instances', name],
    queryFn: () => api.instances.get(name),
    refetchInterval: (query) =>
      query.state.error instanceof BerthApiError && query.state.error.status === 404 ? false : 2000,
    retry: (count, error) => !(error instanceof BerthApiError && error.status === 404) && count < 2,
  });
  const data = instance.data;
  // A published version never changes: its spec is read once.
  const version = useQuery({
    queryKey: [account, 'apps', data?.app, 'versions', data?.version],
    queryFn: () => api.versions.get(data?.app as string, data?.version as string),
    enabled: !!data,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const back = <Link to={`/a/${account}/instances`}>{t('instances.title')}</Link>;
  if (instance.error instanceof BerthApiError && instance.error.status === 404) {
    return <Result status="404" subTitle={t('common.notFound', { what: name })} extra={back} />;
  }
  if (instance.error && !data)
    return <Alert type="error" showIcon title={describeProblem(instance.error)} />;
  if (!data) return null;
  const spec = version.data?.version.spec;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Breadcrumb items={[{ title: back }, { title: name }]} />
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {name}
          </Typography.Title>
          <PhaseTag phase={data.status.phase} testId="instance-phase" />
        </Space>
        <InstanceActions instance={data} spec={spec} />
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('instances.app')}>
          <Link to={`/a/${account}/apps/${data.app}`}>{data.app}</Link>@{data.version}
        </Descriptions.Item>
        <Descriptions.Item label={t('instances.cluster')}>{data.cluster}</Descriptions.Item>
        <Descriptions.Item label={t('instances.host')}>{data.node}</Descriptions.Item>
        <Descriptions.Item label={t('instances.resources')}>
          {data.resources.cpuMillis}m · {data.resources.memoryMi} Mi
        </Descriptions.Item>
      </Descriptions>
      <PhaseProgress instance={data} />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/a/${account}/instances/${name}/${key}`)}
        items={[
          {
            key: 'graph',
            label: t('instances.graph'),
            children: spec && <InstanceGraph spec={spec} instance={data} />,
          },
          { key: 'events', label: t('instances.events'), children: <InstanceEvents name={name} /> },
          {
            key: 'logs',
            label: t('instances.logs'),
            children: spec && <InstanceLogs name={name} spec={spec} />,
          },
        ]}
      />
    </Space>
  );
}

/** While work is under way, how far it got; when it failed, why. */
function PhaseProgress({ instance }: { instance: Instance }) {
  const { t } = useTranslation();
  const { phase, reason, nodes } = instance.status;
  if (phase === 'failed')
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('instances.failedBecause', { reason: reason ?? '—' })}
      />
    );
  if (phase === 'degraded')
    return (
      <Alert
        type="warning"
        showIcon
        title={t('instances.degradedBecause', { reason: reason ?? '—' })}
      />
    );
  if (phase !== 'pending' && phase !== 'deploying' && phase !== 'deleting') return null;
  const ready = nodes.filter((n) => n.ready || n.phase === 'completed').length;
  const total = Math.max(nodes.length, 1);
  return (
    <div data-testid="instance-progress">
      <Typography.Text>
        {phase === 'deleting'
          ? t('instances.deleting', { name: instance.name })
          : t('instances.progress', { ready, total: nodes.length })}
      </Typography.Text>
      <Progress
        percent={Math.round((ready / total) * 100)}
        status="active"
        aria-label={t('instances.phase')}
      />
    </div>
  );
}
