import { PlusOutlined } from '@ant-design/icons';
import type { CreatedToken, TokenInfo } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem, showProblem } from '../../api/problem.js';
import { registerMessages } from '../../i18n/index.js';
import { dateTime, relativeTime } from '../../shell/format.js';
import { useSession } from '../../shell/session.js';
import { en, zh } from './messages.js';

registerMessages('admin', en, zh);

interface Values {
  name: string;
  pin: boolean;
  expiresInDays?: number;
}

const tokensKey = ['tokens'] as const;

/** `/a/:account/tokens`: the signed-in user's personal access tokens. */
export default function TokensArea() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken>();
  const [failure, setFailure] = useState<string>();
  const session = useSession();
  // A token can be pinned to an account its owner is a member of (not one a platform
  // admin merely looks after).
  const member =
    session.state === 'signed-in' && session.me.accounts.some((a) => a.name === account);
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: () => api.tokens.list({ limit: 500 }),
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.tokens.create({
        name: v.name,
        ...(v.pin ? { account } : {}),
        ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}),
      }),
    onSuccess: async (token) => {
      setCreating(false);
      form.resetFields();
      setCreated(token);
      await queries.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => setFailure(showProblem(error, t, form)),
  });
  const revoke = useMutation({
    mutationFn: (token: TokenInfo) => api.tokens.revoke(token.id),
    onSuccess: async (_, token) => {
      void message.success(t('admin.tokens.revoked', { name: token.name }));
      await queries.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => void message.error(describeProblem(error)),
  });
  const when = (at: string | null, none: string) =>
    at ? <span title={dateTime(at, i18n.language)}>{relativeTime(at, i18n.language)}</span> : none;
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('admin.tokens.create')}
    </Button>
  );
  const c = (key: string) => t(`admin.tokens.columns.${key}`);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('admin.tokens.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('admin.tokens.intro')}</Typography.Text>
        </div>
        {createButton}
      </Space>
      {tokens.error && <Alert type="error" title={describeProblem(tokens.error)} />}
      <Table<TokenInfo>
        rowKey="id"
        loading={tokens.isLoading}
        dataSource={tokens.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('admin.tokens.empty')}>{createButton}</Empty> }}
        columns={[
          { title: c('name'), dataIndex: 'name' },
          { title: c('prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
          {
            title: c('account'),
            dataIndex: 'account',
            render: (a: string | null) => a ?? t('admin.tokens.anyAccount'),
          },
          {
            title: c('created'),
            dataIndex: 'createdAt',
            render: (at: string) => dateTime(at, i18n.language),
          },
          {
            title: c('expires'),
            dataIndex: 'expiresAt',
            render: (at: string | null) => when(at, t('admin.tokens.never')),
          },
          {
            title: c('lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (at: string | null) => when(at, t('admin.tokens.never')),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, token) => (
              <Popconfirm
                title={t('admin.tokens.confirmRevoke', { name: token.name })}
                okText={t('admin.tokens.revoke')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => revoke.mutate(token)}
              >
                <Button size="small" danger>
                  {t('admin.tokens.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('admin.tokens.create')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        {failure && (
          <Alert type="error" role="alert" title={failure} style={{ marginBottom: 16 }} />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ pin: member }}
          onFinish={(v) => {
            setFailure(undefined);
            create.mutate(v);
          }}
        >
          <Form.Item
            name="name"
            label={t('admin.tokens.form.name')}
            extra={t('admin.tokens.form.nameHelp')}
            rules={[{ required: true, message: t('admin.tokens.form.nameHelp') }]}
          >
            <Input autoFocus autoComplete="off" />
          </Form.Item>
          {member && (
            <Form.Item name="pin" valuePropName="checked" extra={t('admin.tokens.form.pinHelp')}>
              <Checkbox>{t('admin.tokens.form.pin', { account })}</Checkbox>
            </Form.Item>
          )}
          <Form.Item
            name="expiresInDays"
            label={t('admin.tokens.form.expires')}
            extra={t('admin.tokens.form.expiresHelp')}
          >
            <InputNumber min={1} max={3650} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== undefined}
        title={created ? t('admin.tokens.created.title', { name: created.name }) : ''}
        okText={t('admin.tokens.created.done')}
        onOk={() => setCreated(undefined)}
        onCancel={() => setCreated(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        width={640}
        // The secret leaves the page with the dialog, not just the screen.
        destroyOnHidden
      >
        {created && (
          <>
            <Typography.Paragraph
              className="berth-join-command"
              copyable={{ text: created.token, tooltips: [t('common.copy'), t('common.copied')] }}
            >
              <code>{created.token}</code>
            </Typography.Paragraph>
            <Alert type="warning" showIcon title={t('admin.tokens.created.once')} />
          </>
        )}
      </Modal>
    </Space>
  );
}
