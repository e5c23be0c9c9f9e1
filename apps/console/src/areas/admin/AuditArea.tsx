import type { AuditEntry } from '@berth/spec';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { registerMessages } from '../../i18n/index.js';
import { dateTime } from '../../shell/format.js';
import { en, zh } from './messages.js';

registerMessages('admin', en, zh);

const results = ['success', 'denied', 'failure'] as const;
type Result = (typeof results)[number];
const resultColour: Record<Result, string> = {
  success: 'green',
  denied: 'orange',
  failure: 'red',
};
const pageSize = 50;

interface Filters {
  action?: string;
  user?: string;
  result?: Result;
}

/**
 * `/a/:account/audit?action=&user=&result=&cursor=`: the account's audit log. The filters
 * and the page are in the URL, so a filtered view can be shared; "Older" follows the
 * server's cursor and the browser's Back returns to the newer page.
 */
export default function AuditArea() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const [params, setParams] = useSearchParams();
  const result = params.get('result');
  const filters: Filters = {
    ...(params.get('action') ? { action: params.get('action')! } : {}),
    ...(params.get('user') ? { user: params.get('user')! } : {}),
    ...(results.includes(result as Result) ? { result: result as Result } : {}),
  };
  const cursor = params.get('cursor') ?? undefined;
  const entries = useQuery({
    queryKey: ['audit', account, filters, cursor],
    queryFn: () => api.audit.list({ ...filters, cursor, limit: pageSize }),
    placeholderData: keepPreviousData,
  });
  const apply = (values: Filters) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) next.set(key, value.trim());
    setParams(next);
  };
  const page = (to: string | undefined) => {
    const next = new URLSearchParams(params);
    if (to) next.set('cursor', to);
    else next.delete('cursor');
    setParams(next);
  };
  const filtered = Object.keys(filters).length > 0;
  const c = (key: string) => t(`admin.audit.columns.${key}`);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('admin.audit.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('admin.audit.intro')}</Typography.Text>
      </div>
      <Form<Filters>
        // Remounted when the URL changes (Back, a shared link), so the fields show its filters.
        key={params.toString()}
        initialValues={filters}
        layout="inline"
        onFinish={apply}
        aria-label={t('admin.audit.filters.apply')}
      >
        <Form.Item name="action" label={t('admin.audit.filters.action')}>
          <Input placeholder={t('admin.audit.filters.actionPlaceholder')} allowClear />
        </Form.Item>
        <Form.Item name="user" label={t('admin.audit.filters.user')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="result" label={t('admin.audit.filters.result')}>
          <Select
            allowClear
            placeholder={t('admin.audit.filters.any')}
            style={{ width: 120 }}
            options={results.map((r) => ({ value: r, label: t(`admin.audit.result.${r}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('admin.audit.filters.apply')}
            </Button>
            {filtered && (
              <Button onClick={() => setParams(new URLSearchParams())}>
                {t('admin.audit.filters.clear')}
              </Button>
            )}
          </Space>
        </Form.Item>
      </Form>
      {entries.error && <Alert type="error" title={describeProblem(entries.error)} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={entries.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('admin.audit.empty') }}
        columns={[
          {
            title: c('time'),
            dataIndex: 'time',
            render: (at: string) => dateTime(at, i18n.language),
          },
          { title: c('user'), dataIndex: 'user', render: (u: string | null) => u ?? '—' },
          { title: c('action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: c('target'), dataIndex: 'target', render: (x: string | null) => x ?? '—' },
          {
            title: c('result'),
            dataIndex: 'result',
            render: (r: Result) => (
              <Tag color={resultColour[r]}>{t(`admin.audit.result.${r}`)}</Tag>
            ),
          },
          { title: c('status'), dataIndex: 'status' },
          { title: c('source'), dataIndex: 'sourceIp', render: (ip: string | null) => ip ?? '—' },
          {
            title: c('request'),
            dataIndex: 'requestId',
            render: (id: string) => (
              <Typography.Text copyable={{ text: id }}>{id.slice(0, 8)}</Typography.Text>
            ),
          },
        ]}
      />
      <Space>
        <Button disabled={!cursor} onClick={() => page(undefined)}>
          {t('admin.audit.newest')}
        </Button>
        <Button
          disabled={!entries.data?.nextCursor}
          onClick={() => page(entries.data?.nextCursor ?? undefined)}
        >
          {t('admin.audit.older')}
        </Button>
      </Space>
    </Space>
  );
}
