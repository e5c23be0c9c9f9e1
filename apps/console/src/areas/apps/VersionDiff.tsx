import type { SpecChange } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { stringify } from 'yaml';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { appKeys } from './queries.js';
import './diff.css';

const kindColour = { added: 'green', removed: 'red', changed: 'blue' } as const;

/** A value of the spec as its YAML, so objects read the way the user wrote them. */
function Value({ value }: { value: unknown }) {
  if (value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = typeof value === 'string' ? value : stringify(value).trimEnd();
  return <pre className="berth-diff-value">{text}</pre>;
}

/**
 * Two versions side by side: each change the server's diff reports, older value on the
 * left, newer on the right. The pair lives in the URL (`?from=1.0.0&to=1.1.0`).
 */
export function VersionDiff() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const { app = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const versions = useQuery({
    queryKey: appKeys.versions(account, app),
    queryFn: () => api.versions.list(app, { limit: 500 }),
  });
  const ready = from !== '' && to !== '' && from !== to;
  const diff = useQuery({
    queryKey: [...appKeys.app(account, app), 'diff', from, to],
    queryFn: () => api.versions.diff(app, from, to),
    enabled: ready,
  });
  const options = (versions.data?.items ?? []).map((v) => ({ value: v.version, label: v.version }));
  const pick = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        <Link to=".." relative="path">
          {app}
        </Link>{' '}
        / {t('apps.diff.title')}
      </Typography.Title>
      <Space wrap>
        <span>
          {t('apps.diff.from')}{' '}
          <Select
            aria-label={t('apps.diff.from')}
            style={{ minWidth: 140 }}
            value={from || undefined}
            options={options}
            onChange={(v: string) => pick('from', v)}
          />
        </span>
        <span>
          {t('apps.diff.to')}{' '}
          <Select
            aria-label={t('apps.diff.to')}
            style={{ minWidth: 140 }}
            value={to || undefined}
            options={options}
            onChange={(v: string) => pick('to', v)}
          />
        </span>
      </Space>
      {!ready && <Alert type="info" title={t('apps.diff.pickTwo')} />}
      {diff.error && <Alert type="error" title={describeProblem(diff.error)} />}
      {ready && (
        <Table<SpecChange & { key: number }>
          className="berth-diff"
          loading={diff.isLoading}
          pagination={false}
          dataSource={(diff.data?.items ?? []).map((c, key) => ({ ...c, key }))}
          locale={{ emptyText: <Empty description={t('apps.diff.same')} /> }}
          columns={[
            {
              title: t('apps.diff.path'),
              dataIndex: 'path',
              width: '22%',
              render: (path: string, c) => (
                <Space direction="vertical" size={2}>
                  <Typography.Text code>{path}</Typography.Text>
                  <Tag color={kindColour[c.kind]}>{t(`apps.diff.${c.kind}`)}</Tag>
                </Space>
              ),
            },
            {
              title: from,
              key: 'from',
              width: '30%',
              onCell: (c) => ({ className: c.kind === 'added' ? '' : 'berth-diff-old' }),
              render: (_, c) => <Value value={c.from} />,
            },
            {
              title: to,
              key: 'to',
              width: '30%',
              onCell: (c) => ({ className: c.kind === 'removed' ? '' : 'berth-diff-new' }),
              render: (_, c) => <Value value={c.to} />,
            },
            { title: t('apps.diff.change'), dataIndex: 'summary' },
          ]}
        />
      )}
    </Space>
  );
}
