import { DiffOutlined, PlusOutlined } from '@ant-design/icons';
import { BerthApiError } from '@berth/client';
import type { VersionSummary } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Empty,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { CreateVersionModal } from './CreateVersionModal.js';
import { appKeys } from './queries.js';

const stateColour = { draft: 'gold', published: 'green', retired: 'default' } as const;

/** The refusal of a publish, as a list a person can work through. */
function RefusalList({ error }: { error: unknown }) {
  if (error instanceof BerthApiError && error.problem.errors?.length) {
    return (
      <ul style={{ paddingLeft: 20, margin: 0 }}>
        {error.problem.errors.map((e) => (
          <li key={`${e.path}:${e.message}`}>
            <Typography.Text code>{e.path || '/'}</Typography.Text> {e.message}
          </li>
        ))}
      </ul>
    );
  }
  return <>{describeProblem(error)}</>;
}

/** An app: what it is, its versions (publish, delete draft, open), and picking two to compare. */
export function AppDetail() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const { app = '' } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { modal, message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const detail = useQuery({
    queryKey: appKeys.app(account, app),
    queryFn: () => api.apps.get(app),
  });
  const versions = useQuery({
    queryKey: appKeys.versions(account, app),
    queryFn: () => api.versions.list(app, { limit: 500 }),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: appKeys.app(account, app) });

  const publish = useMutation({
    mutationFn: (version: string) => api.versions.publish(app, version),
    onSuccess: async (v) => {
      void message.success(t('apps.detail.published', { version: v.version }));
      await refresh();
    },
    onError: (error, version) => {
      modal.error({
        title: t('apps.detail.publishRefused', { version }),
        content: <RefusalList error={error} />,
        width: 640,
      });
    },
  });
  const remove = useMutation({
    mutationFn: (version: string) => api.versions.delete(app, version),
    onSuccess: async (_, version) => {
      void message.success(t('apps.detail.deleted', { version }));
      await refresh();
    },
    onError: (error) => modal.error({ title: describeProblem(error) }),
  });

  const items = versions.data?.items ?? [];
  const editor = (v: string) => `versions/${encodeURIComponent(v)}`;
  const compare = () => {
    const [a, b] = [...picked].sort(
      (x, y) => items.findIndex((v) => v.version === y) - items.findIndex((v) => v.version === x),
    );
    if (a && b) navigate(`diff?${new URLSearchParams({ from: a, to: b })}`);
  };

  if (detail.error) return <Alert type="error" title={describeProblem(detail.error)} />;
  const a = detail.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        <Link to="..">{t('apps.title')}</Link> / {a?.displayName ?? app}
      </Typography.Title>
      {a && (
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('apps.columns.name')}>{a.name}</Descriptions.Item>
          <Descriptions.Item label={t('apps.columns.distribution')}>
            {t(`apps.distribution.${a.distribution}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('apps.columns.deployment')}>
            {t(`apps.deployment.${a.deployment}`)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('apps.detail.versions')}
        </Typography.Title>
        <Space>
          <Button
            icon={<DiffOutlined />}
            disabled={picked.length !== 2}
            title={t('apps.detail.compareHint')}
            onClick={compare}
          >
            {t('apps.detail.compare')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('apps.detail.createVersion')}
          </Button>
        </Space>
      </Space>
      {items.length > 1 && (
        <Typography.Text type="secondary">{t('apps.detail.compareHint')}</Typography.Text>
      )}
      {versions.error && <Alert type="error" title={describeProblem(versions.error)} />}
      <Table<VersionSummary>
        rowKey="version"
        loading={versions.isLoading}
        dataSource={items}
        pagination={false}
        rowSelection={
          items.length > 1
            ? {
                selectedRowKeys: picked,
                onChange: (keys) => setPicked((keys as string[]).slice(-2)),
                hideSelectAll: true,
                getCheckboxProps: (v) => ({
                  'aria-label': `${t('apps.detail.compare')} ${v.version}`,
                }),
              }
            : undefined
        }
        locale={{
          emptyText: (
            <Empty description={t('apps.detail.noVersions')}>
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('apps.detail.createVersion')}
              </Button>
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('apps.newVersion.version'),
            dataIndex: 'version',
            render: (v: string) => <Link to={editor(v)}>{v}</Link>,
          },
          {
            title: t('apps.detail.kind'),
            dataIndex: 'kind',
            render: (k: string) => t(`apps.versionKind.${k}`),
          },
          {
            title: t('apps.detail.from'),
            dataIndex: 'from',
            render: (f: string | null) => f ?? '—',
          },
          {
            title: t('common.state'),
            dataIndex: 'state',
            render: (s: VersionSummary['state']) => (
              <Tag color={stateColour[s]}>{t(`apps.versionState.${s}`)}</Tag>
            ),
          },
          {
            title: t('apps.detail.publishedAt'),
            dataIndex: 'publishedAt',
            render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, v) => (
              <Space>
                <Link to={editor(v.version)}>
                  {v.state === 'draft' ? t('apps.detail.edit') : t('apps.detail.open')}
                </Link>
                {v.state === 'draft' && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      loading={publish.isPending && publish.variables === v.version}
                      onClick={() =>
                        modal.confirm({
                          title: t('apps.detail.publishConfirm', { version: v.version }),
                          okText: t('apps.detail.publish'),
                          cancelText: t('common.cancel'),
                          onOk: () => publish.mutate(v.version),
                        })
                      }
                    >
                      {t('apps.detail.publish')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        modal.confirm({
                          title: t('common.confirmDelete', { name: v.version }),
                          okText: t('apps.detail.deleteDraft'),
                          okButtonProps: { danger: true },
                          cancelText: t('common.cancel'),
                          onOk: () => remove.mutate(v.version),
                        })
                      }
                    >
                      {t('apps.detail.deleteDraft')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CreateVersionModal
        open={creating}
        versions={items}
        onClose={() => setCreating(false)}
        onCreated={(v) => {
          setCreating(false);
          void refresh();
          navigate(editor(v));
        }}
      />
    </Space>
  );
}
