import type { CreatedNode } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';
import { clusterKeys } from './queries.js';

interface Values {
  name: string;
  ipSegment?: string;
}

/** Names a new node; the answer holds its join command, shown next by the caller. */
export function AddNodeDialog(props: {
  cluster: string;
  open: boolean;
  onClose(): void;
  onCreated(node: CreatedNode): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string>();
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.nodes.create(props.cluster, {
        name: v.name,
        ...(v.ipSegment ? { ipSegment: v.ipSegment } : {}),
      }),
    onSuccess: async (node) => {
      await queries.invalidateQueries({ queryKey: clusterKeys.one(account, props.cluster) });
      form.resetFields();
      props.onCreated(node);
    },
    onError: (error) => setFailure(showProblem(error, t, form)),
  });
  return (
    <Modal
      open={props.open}
      title={t('clusters.nodes.add')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {failure && <Alert type="error" role="alert" title={failure} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => {
          setFailure(undefined);
          create.mutate(values);
        }}
      >
        <Form.Item
          name="name"
          label={t('clusters.nodes.form.name')}
          extra={t('clusters.nodes.form.nameHelp')}
          rules={[{ required: true, message: t('clusters.nodes.form.nameHelp') }]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="ipSegment"
          label={t('clusters.nodes.form.ipSegment')}
          extra={t('clusters.nodes.form.ipSegmentHelp')}
        >
          <Input placeholder="192.168.10.0/24" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
