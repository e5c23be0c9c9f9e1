import { type VersionKind, type VersionSummary, versionKinds } from '@berth/spec';
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';

interface Values {
  version: string;
  kind: VersionKind;
  from?: string;
}

/** A new draft: the initial one of an app without versions, else an upgrade or patch of one. */
export function CreateVersionModal(props: {
  open: boolean;
  versions: VersionSummary[];
  onClose: () => void;
  onCreated: (version: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { app = '' } = useParams();
  const [form] = Form.useForm<Values>();
  const [alert, setAlert] = useState<string>();
  const kind = Form.useWatch('kind', form);
  const first = props.versions.length === 0;
  const kinds = versionKinds.filter((k) => (first ? k === 'initial' : k !== 'initial'));

  useEffect(() => {
    if (!props.open) return;
    setAlert(undefined);
    form.resetFields();
    form.setFieldsValue(
      first
        ? { kind: 'initial', version: '1.0.0' }
        : { kind: 'upgrade', from: props.versions[0]?.version },
    );
  }, [props.open, first, props.versions, form]);

  const create = useMutation({
    mutationFn: (values: Values) =>
      api.versions.create(app, {
        version: values.version,
        kind: values.kind,
        from: values.kind === 'initial' ? undefined : values.from,
      }),
    onSuccess: (v) => props.onCreated(v.version),
    onError: (error) => setAlert(showProblem(error, t, form)),
  });

  return (
    <Modal
      open={props.open}
      title={t('apps.newVersion.title')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item name="kind" label={t('apps.newVersion.kind')} rules={[{ required: true }]}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {kinds.map((k) => (
              <Radio key={k} value={k}>
                <Typography.Text strong>{t(`apps.versionKind.${k}`)}</Typography.Text>{' '}
                <Typography.Text type="secondary">{t(`apps.versionKindHelp.${k}`)}</Typography.Text>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {kind !== 'initial' && (
          <Form.Item name="from" label={t('apps.newVersion.from')} rules={[{ required: true }]}>
            <Select
              aria-label={t('apps.newVersion.from')}
              options={props.versions.map((v) => ({
                value: v.version,
                label: `${v.version} (${t(`apps.versionState.${v.state}`)})`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="version"
          label={t('apps.newVersion.version')}
          extra={t('apps.newVersion.versionHelp')}
          rules={[{ required: true }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        {alert && <Alert type="error" title={alert} />}
      </Form>
    </Modal>
  );
}
