import { PlusOutlined } from '@ant-design/icons';
import type { Cluster, ConsoleUser } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem, showProblem } from '../../api/problem.js';
import { dateTime } from '../../shell/format.js';
import { useMayManage } from './manage.js';
import { clusterKeys } from './queries.js';

interface Values {
  username: string;
  password: string;
  mobile: string;
}

/** The cluster console's own users: list, add (with a mobile number), delete. */
export function ConsoleUsersTab({ cluster }: { cluster: Cluster }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<string>();
  const key = clusterKeys.consoleUsers(account, cluster.name);
  const users = useQuery({
    queryKey: key,
    queryFn: () => api.consoleUsers.list(cluster.name, { limit: 500 }),
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.consoleUsers.create(cluster.name, { ...v, mustChangePassword: true }),
    onSuccess: async (user) => {
      void message.success(t('clusters.console.created', { name: user.username }));
      setAdding(false);
      form.resetFields();
      await queries.invalidateQueries({ queryKey: key });
    },
    onError: (error) => setFailure(showProblem(error, t, form)),
  });
  const remove = useMutation({
    mutationFn: (username: string) => api.consoleUsers.delete(cluster.name, username),
    onSuccess: async (_, username) => {
      void message.success(t('clusters.console.deleted', { name: username }));
      await queries.invalidateQueries({ queryKey: key });
    },
    onError: (error) => void message.error(describeProblem(error)),
  });
  const manage = useMayManage(cluster);
  const yesNo = (v: boolean) => (v ? t('clusters.console.yes') : t('clusters.console.no'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('clusters.console.intro')}</Typography.Text>
        {manage && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('clusters.console.add')}
          </Button>
        )}
      </Space>
      {users.error && <Alert type="error" title={describeProblem(users.error)} />}
      <Table<ConsoleUser>
        rowKey="username"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('clusters.console.columns.username'), dataIndex: 'username' },
          {
            title: t('clusters.console.columns.mobile'),
            dataIndex: 'mobile',
            render: (m: string | null) => m ?? '—',
          },
          {
            title: t('clusters.console.columns.superuser'),
            dataIndex: 'superuser',
            render: yesNo,
          },
          {
            title: t('clusters.console.columns.mustChange'),
            dataIndex: 'mustChangePassword',
            render: yesNo,
          },
          {
            title: t('clusters.console.columns.changed'),
            dataIndex: 'passwordChangedAt',
            render: (at: string | null) => (at ? dateTime(at, i18n.language) : '—'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) =>
              manage &&
              !u.superuser && (
                <Popconfirm
                  title={t('clusters.console.confirmDelete', { name: u.username })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(u.username)}
                >
                  <Button size="small" danger type="text">
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('clusters.console.add')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        {failure && (
          <Alert type="error" role="alert" title={failure} style={{ marginBottom: 16 }} />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            setFailure(undefined);
            create.mutate(v);
          }}
        >
          <Form.Item
            name="username"
            label={t('clusters.console.form.username')}
            rules={[{ required: true }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('clusters.console.form.password')}
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="mobile"
            label={t('clusters.console.form.mobile')}
            rules={[{ required: true }]}
          >
            <Input autoComplete="off" placeholder="+86 139 0013 9000" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
