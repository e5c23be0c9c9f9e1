import type { Instance } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Form, List, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';

/** Pick another published version; the server's diff from the running one is shown. */
export function UpgradeDialog({ instance, onClose }: { instance: Instance; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ version: string }>();
  const [problem, setProblem] = useState<string>();
  const target = Form.useWatch('version', form);
  const versions = useQuery({
    queryKey: [account, 'apps', instance.app, 'versions'],
    queryFn: () => api.versions.list(instance.app, { limit: 500 }),
  });
  const choices = (versions.data?.items ?? []).filter(
    (v) => v.state === 'published' && v.version !== instance.version,
  );
  const diff = useQuery({
    queryKey: [account, 'apps', instance.app, 'diff', instance.version, target],
    queryFn: () => api.versions.diff(instance.app, instance.version, target),
    enabled: !!target,
  });
  const upgrade = useMutation({
    mutationFn: (version: string) => api.instances.upgrade(instance.name, version),
    onSuccess: async (_, version) => {
      message.success(t('instances.upgradeStarted', { version }));
      await queries.invalidateQueries({ queryKey: [account, 'instances'] });
      onClose();
    },
    onError: (error) => setProblem(showProblem(error, t, form)),
  });
  return (
    <Modal
      open
      title={t('instances.upgradeTitle', { name: instance.name })}
      okText={t('instances.upgrade')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={upgrade.isPending}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => upgrade.mutate(v.version)}>
        <Form.Item name="version" label={t('instances.upgradeTo')} rules={[{ required: true }]}>
          <Select
            aria-label={t('instances.upgradeTo')}
            loading={versions.isLoading}
            options={choices.map((v) => ({ value: v.version, label: v.version }))}
          />
        </Form.Item>
      </Form>
      {diff.data && (
        <List
          size="small"
          header={
            <Typography.Text strong>
              {t('instances.changes', { from: instance.version })}
            </Typography.Text>
          }
          locale={{ emptyText: t('instances.noChanges') }}
          dataSource={diff.data.items}
          renderItem={(c) => <List.Item>{c.summary}</List.Item>}
          style={{ maxHeight: 240, overflow: 'auto' }}
        />
      )}
    </Modal>
  );
}
