import { PlusOutlined } from '@ant-design/icons';
import {
  architectures,
  type CreateLightAppRequest,
  type LightApp,
  lightAppLanguages,
} from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem, showProblem } from '../../api/problem.js';

/** The account's light apps; `?create=1` opens the create dialog. */
export function LightAppList() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const [search, setSearch] = useSearchParams();
  const list = useQuery({
    queryKey: [account, 'lightapps'],
    queryFn: () => api.lightApps.list({ limit: 500 }),
  });
  const creating = search.get('create') !== null;
  const openCreate = (open: boolean) =>
    setSearch((s) => {
      if (open) s.set('create', '1');
      else s.delete('create');
      return s;
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('lightapps.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openCreate(true)}>
          {t('lightapps.create')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={describeProblem(list.error)} />}
      <Table<LightApp>
        rowKey="name"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty description={t('lightapps.empty')}>
              <Button type="primary" onClick={() => openCreate(true)}>
                {t('lightapps.create')}
              </Button>
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('lightapps.name'),
            dataIndex: 'name',
            render: (name: string) => <Link to={name}>{name}</Link>,
          },
          { title: t('lightapps.language'), dataIndex: 'language' },
          {
            title: t('lightapps.arch'),
            dataIndex: 'arch',
            render: (a: string | null) => a ?? t('lightapps.anyArch'),
          },
          { title: t('lightapps.latest'), dataIndex: 'latestVersion', render: (v) => v ?? '—' },
          {
            title: t('common.created'),
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
        ]}
      />
      {creating && <CreateLightApp onClose={() => openCreate(false)} />}
    </Space>
  );
}

function CreateLightApp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<CreateLightAppRequest>();
  const [problem, setProblem] = useState<string>();
  const language = Form.useWatch('language', form);
  const create = useMutation({
    mutationFn: (body: CreateLightAppRequest) => api.lightApps.create(body),
    onSuccess: async (app) => {
      await queries.invalidateQueries({ queryKey: [account, 'lightapps'] });
      navigate(`/a/${account}/lightapps/${app.name}`);
    },
    onError: (error) => setProblem(showProblem(error, t, form)),
  });
  return (
    <Modal
      open
      title={t('lightapps.createTitle')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<CreateLightAppRequest>
        form={form}
        layout="vertical"
        initialValues={{ language: 'python' }}
        onFinish={(values) => {
          setProblem(undefined);
          create.mutate({
            name: values.name,
            language: values.language,
            ...(values.language === 'c' ? { arch: values.arch } : {}),
          });
        }}
      >
        <Form.Item
          name="name"
          label={t('lightapps.name')}
          extra={t('lightapps.nameHelp')}
          rules={[{ required: true }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="language" label={t('lightapps.language')} rules={[{ required: true }]}>
          <Select
            aria-label={t('lightapps.language')}
            options={lightAppLanguages.map((l) => ({ value: l, label: l }))}
          />
        </Form.Item>
        {language === 'c' && (
          <Form.Item
            name="arch"
            label={t('lightapps.arch')}
            extra={t('lightapps.archHelp')}
            rules={[{ required: true }]}
          >
            <Select
              aria-label={t('lightapps.arch')}
              options={architectures.map((a) => ({ value: a, label: a }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
