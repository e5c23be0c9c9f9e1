import type { InstanceEvent } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';

/** What happened to the instance, newest first, refreshed every 2 s. */
export function InstanceEvents({ name }: { name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const events = useQuery({
    queryKey: [account, 'instances', name, 'events'],
    queryFn: () => api.instances.events(name, { limit: 500 }),
    refetchInterval: 2000,
  });
  const items = [...(events.data?.items ?? [])].reverse();
  return (
    <>
      {events.error && <Alert type="error" showIcon title={describeProblem(events.error)} />}
      <Table<InstanceEvent>
        size="small"
        rowKey={(e, i) => `${e.time}-${i}`}
        loading={events.isLoading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('instances.noEvents') }}
        columns={[
          {
            title: t('instances.time'),
            dataIndex: 'time',
            width: 190,
            render: (v: string) => new Date(v).toLocaleString(),
          },
          { title: t('instances.node'), dataIndex: 'node', width: 120, render: (v) => v ?? '—' },
          {
            title: t('instances.reason'),
            dataIndex: 'reason',
            width: 160,
            render: (v: string) => <Tag>{v}</Tag>,
          },
          { title: t('instances.message'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}
