import type { LightAppEvent } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';

/** What the hosts reported about the app, newest first, refreshed every 2 s. */
export function LightAppEvents({ name }: { name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const events = useQuery({
    queryKey: [account, 'lightapps', name, 'events'],
    queryFn: () => api.lightApps.events(name, { limit: 500 }),
    refetchInterval: 2000,
  });
  const items = [...(events.data?.items ?? [])].reverse();
  return (
    <>
      {events.error && <Alert type="error" showIcon title={describeProblem(events.error)} />}
      <Table<LightAppEvent>
        size="small"
        rowKey={(e, i) => `${e.time}-${i}`}
        loading={events.isLoading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('lightapps.noEvents') }}
        columns={[
          {
            title: t('lightapps.time'),
            dataIndex: 'time',
            width: 190,
            render: (v: string) => new Date(v).toLocaleString(),
          },
          { title: t('lightapps.host'), dataIndex: 'host', width: 140 },
          {
            title: t('lightapps.reason'),
            dataIndex: 'reason',
            width: 160,
            render: (v: string) => <Tag>{v}</Tag>,
          },
          { title: t('lightapps.message'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}
