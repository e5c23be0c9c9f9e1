import type { DeployRequest, ParameterSpec } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Divider, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';
import { ParameterFields, parameterDefaults } from './ParameterFields.js';
import { PlanSummary } from './PlanSummary.js';

const noParameters: ParameterSpec[] = [];

interface Values {
  name: string;
  app?: string;
  version?: string;
  cluster?: string;
  node?: string;
  params?: Record<string, string | number | boolean | undefined>;
}

/**
 * App → published version → cluster → optional host, the spec's parameters, and the plan.
 * `preset` fills fields a link chose (`/instances?deploy=1&app=shop&version=1.2.0`).
 */
export function DeployDialog({
  onClose,
  preset = {},
}: {
  onClose: () => void;
  preset?: Partial<Pick<Values, 'app' | 'version' | 'cluster'>>;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const app = Form.useWatch('app', form);
  const version = Form.useWatch('version', form);
  const cluster = Form.useWatch('cluster', form);
  const params = Form.useWatch('params', form);

  const apps = useQuery({
    queryKey: [account, 'apps'],
    queryFn: () => api.apps.list({ limit: 500 }),
  });
  const versions = useQuery({
    queryKey: [account, 'apps', app, 'versions'],
    queryFn: () => api.versions.list(app as string, { limit: 500 }),
    enabled: !!app,
  });
  const published = (versions.data?.items ?? []).filter((v) => v.state === 'published');
  const spec = useQuery({
    queryKey: [account, 'apps', app, 'versions', version],
    queryFn: () => api.versions.get(app as string, version as string),
    enabled: !!app && !!version,
  });
  const clusters = useQuery({
    queryKey: [account, 'clusters'],
    queryFn: () => api.clusters.list({ limit: 500 }),
  });
  const hosts = useQuery({
    queryKey: [account, 'clusters', cluster, 'nodes'],
    queryFn: () => api.nodes.list(cluster as string, { limit: 500 }),
    enabled: !!cluster,
  });
  const parameters = spec.data?.version.spec.parameters ?? noParameters;

  const deploy = useMutation({
    mutationFn: (body: DeployRequest) => api.instances.deploy(body),
    onSuccess: async (instance) => {
      message.success(t('instances.deployed', { name: instance.name }));
      await queries.invalidateQueries({ queryKey: [account, 'instances'] });
      navigate(`/a/${account}/instances/${instance.name}`);
    },
    onError: (error) => setProblem(showProblem(error, t, form)),
  });

  const submit = (values: Values) => {
    setProblem(undefined);
    const given = Object.entries(values.params ?? {}).filter(
      (entry): entry is [string, string | number | boolean] =>
        entry[1] !== undefined && entry[1] !== null && entry[1] !== '',
    );
    deploy.mutate({
      name: values.name,
      app: values.app as string,
      version: values.version as string,
      cluster: values.cluster as string,
      ...(values.node ? { node: values.node } : {}),
      ...(given.length > 0 ? { params: Object.fromEntries(given) } : {}),
    });
  };

  return (
    <Modal
      open
      title={t('instances.dialogTitle')}
      okText={t('instances.deploy')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={deploy.isPending}
      width={640}
      destroyOnHidden
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          title={t('instances.refused')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{problem}</span>}
          style={{ marginBottom: 16 }}
          role="alert"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ params: {}, ...preset }}
      >
        <Form.Item name="app" label={t('instances.app')} rules={[{ required: true }]}>
          <Select
            aria-label={t('instances.app')}
            placeholder={t('instances.pickApp')}
            loading={apps.isLoading}
            showSearch
            options={(apps.data?.items ?? []).map((a) => ({
              value: a.name,
              label: a.displayName ? `${a.displayName} (${a.name})` : a.name,
            }))}
            onChange={() => form.setFieldsValue({ version: undefined, params: {} })}
          />
        </Form.Item>
        <Form.Item
          name="version"
          label={t('instances.version')}
          rules={[{ required: true }]}
          help={
            app && versions.isSuccess && published.length === 0
              ? t('instances.noPublished')
              : undefined
          }
        >
          <Select
            aria-label={t('instances.version')}
            placeholder={t('instances.pickVersion')}
            disabled={!app}
            loading={versions.isLoading}
            options={published.map((v) => ({ value: v.version, label: v.version }))}
            onChange={() => form.setFieldsValue({ params: {} })}
          />
        </Form.Item>
        <Form.Item name="name" label={t('instances.name')} rules={[{ required: true }]}>
          <Input aria-label={t('instances.name')} autoComplete="off" />
        </Form.Item>
        <Form.Item name="cluster" label={t('instances.cluster')} rules={[{ required: true }]}>
          <Select
            aria-label={t('instances.cluster')}
            placeholder={t('instances.pickCluster')}
            loading={clusters.isLoading}
            options={(clusters.data?.items ?? []).map((c) => ({
              value: c.name,
              label: c.nodes.online > 0 ? c.name : t('instances.clusterOffline', { name: c.name }),
            }))}
            onChange={() => form.setFieldsValue({ node: undefined })}
          />
        </Form.Item>
        <Form.Item name="node" label={t('instances.host')}>
          <Select
            aria-label={t('instances.host')}
            placeholder={t('instances.hostAuto')}
            allowClear
            disabled={!cluster}
            options={(hosts.data?.items ?? []).map((n) => ({
              value: n.name,
              label: `${n.name} · ${n.status}`,
            }))}
          />
        </Form.Item>
        {spec.data && <SpecParameters parameters={parameters} form={form} />}
        {spec.data && (
          <>
            <Divider />
            <PlanSummary spec={spec.data.version.spec} params={cleanParams(params)} />
          </>
        )}
      </Form>
    </Modal>
  );
}

/** The parameters section; fills the defaults once per version shown. */
function SpecParameters({
  parameters,
  form,
}: {
  parameters: ParameterSpec[];
  form: ReturnType<typeof Form.useForm<Values>>[0];
}) {
  const { t } = useTranslation();
  useEffect(() => {
    form.setFieldsValue({ params: parameterDefaults(parameters) as Values['params'] });
  }, [parameters, form]);
  if (parameters.length === 0) return null;
  return (
    <>
      <Divider titlePlacement="start">{t('instances.parameters')}</Divider>
      <ParameterFields parameters={parameters} />
    </>
  );
}

function cleanParams(params: Values['params']): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
