import { type LightAppVersion, versionKinds } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';

interface Values {
  version: string;
  kind: LightAppVersion['kind'];
  from?: string;
}

/** A draft: the initial one, or an upgrade/patch copying another version's package and config. */
export function NewVersionDialog({
  name,
  versions,
  onClose,
}: {
  name: string;
  versions: LightAppVersion[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const kind = Form.useWatch('kind', form);
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.lightApps.createVersion(name, {
        version: v.version,
        kind: v.kind,
        ...(v.kind !== 'initial' && v.from ? { from: v.from } : {}),
      }),
    onSuccess: async (v) => {
      await queries.invalidateQueries({ queryKey: [account, 'lightapps', name] });
      navigate(`/a/${account}/lightapps/${name}/versions/${v.version}`);
    },
    onError: (error) => setProblem(showProblem(error, t, form)),
  });
  return (
    <Modal
      open
      title={t('lightapps.newVersion')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: versions.length === 0 ? 'initial' : 'upgrade',
          from: versions[0]?.version,
          version: versions.length === 0 ? '1.0.0' : undefined,
        }}
        onFinish={(v) => {
          setProblem(undefined);
          create.mutate(v);
        }}
      >
        <Form.Item name="version" label={t('lightapps.version')} rules={[{ required: true }]}>
          <Input autoComplete="off" placeholder="1.0.0" />
        </Form.Item>
        <Form.Item name="kind" label={t('lightapps.kind')} rules={[{ required: true }]}>
          <Select
            aria-label={t('lightapps.kind')}
            options={versionKinds.map((k) => ({ value: k, label: t(`lightapps.kinds.${k}`) }))}
          />
        </Form.Item>
        {kind !== 'initial' && (
          <Form.Item name="from" label={t('lightapps.from')} rules={[{ required: true }]}>
            <Select
              aria-label={t('lightapps.from')}
              options={versions.map((v) => ({ value: v.version, label: v.version }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
