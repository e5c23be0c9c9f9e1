import type { AppSpec, Instance } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Form, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';

interface Values {
  node: string;
  replicas: number;
}

/** Replicas of one node that runs them (custom and middleware nodes). */
export function ScaleDialog({
  instance,
  spec,
  onClose,
}: {
  instance: Instance;
  spec: AppSpec;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const scalable = (spec.nodes ?? []).filter((n) => n.kind === 'custom' || n.kind === 'middleware');
  const first = scalable[0]?.name;
  const scale = useMutation({
    mutationFn: (v: Values) => api.instances.scale(instance.name, v.node, v.replicas),
    onSuccess: async (_, v) => {
      message.success(t('instances.scaleStarted', { node: v.node, replicas: v.replicas }));
      await queries.invalidateQueries({ queryKey: [account, 'instances'] });
      onClose();
    },
    onError: (error) => setProblem(showProblem(error, t, form)),
  });
  return (
    <Modal
      open
      title={t('instances.scaleTitle', { name: instance.name })}
      okText={t('instances.scale')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={scale.isPending}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => scale.mutate(v)}
        initialValues={{
          node: first,
          replicas: first ? (instance.replicas[first] ?? 1) : 1,
        }}
      >
        <Form.Item name="node" label={t('instances.node')} rules={[{ required: true }]}>
          <Select
            aria-label={t('instances.node')}
            options={scalable.map((n) => ({ value: n.name, label: n.name }))}
            onChange={(node: string) =>
              form.setFieldsValue({ replicas: instance.replicas[node] ?? 1 })
            }
          />
        </Form.Item>
        <Form.Item
          name="replicas"
          label={t('instances.replicasLabel')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
