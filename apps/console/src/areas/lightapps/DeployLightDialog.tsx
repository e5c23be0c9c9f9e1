import { BerthApiError } from '@berth/client';
import type { LightApp } from '@berth/spec';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';

interface Values {
  cluster: string;
  hosts: string[];
}

/**
 * Pick a cluster and some of its hosts. A C app's hosts of another arch are marked here
 * and refused by the server by name; the refusal is shown on the hosts field.
 */
export function DeployLightDialog({
  app,
  version,
  onClose,
}: {
  app: LightApp;
  version: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const cluster = Form.useWatch('cluster', form);
  const clusters = useQuery({
    queryKey: [account, 'clusters'],
    queryFn: () => api.clusters.list({ limit: 500 }),
  });
  const hosts = useQuery({
    queryKey: [account, 'clusters', cluster, 'nodes'],
    queryFn: () => api.nodes.list(cluster, { limit: 500 }),
    enabled: !!cluster,
  });
  const deploy = useMutation({
    mutationFn: (v: Values) =>
      api.lightApps.deploy(app.name, { version, cluster: v.cluster, hosts: v.hosts }),
    onSuccess: ({ id }) => navigate(`/a/${account}/lightapps/${app.name}/deployments/${id}`),
    onError: (error, v) => {
      const entries = error instanceof BerthApiError ? (error.problem.errors ?? []) : [];
      const onHosts = entries
        .filter((e) => e.path.startsWith('hosts'))
        .map((e) => {
          const index = /^hosts\[(\d+)\]/.exec(e.path)?.[1];
          const host = index === undefined ? undefined : v.hosts[Number(index)];
          return host && !e.message.includes(host) ? `${host}: ${e.message}` : e.message;
        });
      if (onHosts.length > 0) form.setFields([{ name: 'hosts', errors: onHosts }]);
      setProblem(
        onHosts.length === entries.length && entries.length > 0
          ? undefined
          : describeProblem(error),
      );
    },
  });
  return (
    <Modal
      open
      title={t('lightapps.deployTitle', { name: app.name, version })}
      okText={t('lightapps.deploy')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={deploy.isPending}
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('lightapps.refused')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{problem}</span>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblem(undefined);
          deploy.mutate(v);
        }}
      >
        <Form.Item name="cluster" label={t('lightapps.cluster')} rules={[{ required: true }]}>
          <Select
            aria-label={t('lightapps.cluster')}
            loading={clusters.isLoading}
            options={(clusters.data?.items ?? []).map((c) => ({ value: c.name, label: c.name }))}
            onChange={() => form.setFieldsValue({ hosts: [] })}
          />
        </Form.Item>
        <Form.Item name="hosts" label={t('lightapps.hosts')} rules={[{ required: true }]}>
          <Select
            aria-label={t('lightapps.hosts')}
            mode="multiple"
            disabled={!cluster}
            loading={hosts.isLoading}
            options={(hosts.data?.items ?? []).map((n) => {
              const arch = n.facts?.arch ?? '?';
              const wrong = app.arch !== null && n.facts !== null && arch !== app.arch;
              return {
                value: n.name,
                label: wrong
                  ? t('lightapps.archMismatch', { name: n.name, arch, need: app.arch })
                  : t('lightapps.hostArch', { name: n.name, arch, status: n.status }),
              };
            })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
