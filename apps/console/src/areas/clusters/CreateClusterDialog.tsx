import type { CreateClusterRequest } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';
import { clusterKeys } from './queries.js';

interface Values {
  name: string;
  displayName?: string;
  type: CreateClusterRequest['type'];
  runtime: 'engine' | 'kubernetes';
  nfs: boolean;
  storage?: { nfs: { server: string; path: string } };
  serviceCidr?: string;
}

/** Name, type and runtime, optional NFS storage and service range; opens the new cluster. */
export function CreateClusterDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string>();
  const nfs = Form.useWatch('nfs', form);
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.clusters.create({
        name: v.name,
        type: v.type,
        runtime: v.runtime,
        ...(v.displayName ? { displayName: v.displayName } : {}),
        ...(v.nfs && v.storage ? { storage: v.storage } : {}),
        ...(v.serviceCidr ? { serviceCidr: v.serviceCidr } : {}),
      }),
    onSuccess: async (cluster) => {
      await queries.invalidateQueries({ queryKey: clusterKeys.all(account) });
      void message.success(t('clusters.created', { name: cluster.name }));
      if (cluster.warnings.length > 0) {
        modal.warning({
          title: t('clusters.warnings'),
          content: cluster.warnings.map((w) => <p key={w}>{w}</p>),
        });
      }
      form.resetFields();
      onClose();
      navigate(cluster.name);
    },
    onError: (error) => setFailure(showProblem(error, t, form)),
  });
  return (
    <Modal
      open={open}
      title={t('clusters.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {failure && <Alert type="error" role="alert" title={failure} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ type: 'edge', runtime: 'engine', nfs: false }}
        onFinish={(values) => {
          setFailure(undefined);
          create.mutate(values);
        }}
      >
        <Form.Item
          name="name"
          label={t('clusters.form.name')}
          extra={t('clusters.form.nameHelp')}
          rules={[{ required: true, message: t('clusters.form.nameHelp') }]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('clusters.form.displayName')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="type" label={t('clusters.form.type')}>
          <Radio.Group
            optionType="button"
            options={(['edge', 'edge-appliance', 'cloud'] as const).map((type) => ({
              value: type,
              label: t(`clusters.type.${type}`),
              title: t(`clusters.typeHelp.${type}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="runtime" label={t('clusters.form.runtime')}>
          <Radio.Group
            optionType="button"
            options={(['engine', 'kubernetes'] as const).map((runtime) => ({
              value: runtime,
              label: t(`clusters.runtime.${runtime}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="nfs"
          label={t('clusters.form.nfs')}
          extra={t('clusters.form.nfsHelp')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        {nfs && (
          <>
            <Form.Item
              name={['storage', 'nfs', 'server']}
              label={t('clusters.form.nfsServer')}
              rules={[{ required: true, message: t('clusters.form.nfsServer') }]}
            >
              <Input placeholder="10.0.0.5" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name={['storage', 'nfs', 'path']}
              label={t('clusters.form.nfsPath')}
              rules={[{ required: true, message: t('clusters.form.nfsPath') }]}
            >
              <Input placeholder="/exports/berth" autoComplete="off" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="serviceCidr"
          label={t('clusters.form.serviceCidr')}
          extra={t('clusters.form.serviceCidrHelp')}
        >
          <Input placeholder="10.96.0.0/16" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
