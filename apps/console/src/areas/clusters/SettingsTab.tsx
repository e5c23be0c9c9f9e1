import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Cluster } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem, showProblem } from '../../api/problem.js';
import { useMayManage } from './manage.js';
import { clusterKeys } from './queries.js';

interface AgentValues {
  heartbeatSeconds: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}

interface RegistryValues {
  mirrors: { host: string; mirror: string }[];
  auths: { host: string; username: string; password: string }[];
}

/** What the cluster's agents are told: heartbeat and log level, registry mirrors and logins. */
export function SettingsTab({ cluster }: { cluster: Cluster }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const manage = useMayManage(cluster);
  const [agentForm] = Form.useForm<AgentValues>();
  const [registryForm] = Form.useForm<RegistryValues>();
  const [failure, setFailure] = useState<string>();
  const registriesKey = [...clusterKeys.one(account, cluster.name), 'registries'];
  const registries = useQuery({
    queryKey: registriesKey,
    queryFn: () => api.clusters.registries(cluster.name),
  });
  const saveAgent = useMutation({
    mutationFn: (v: AgentValues) => api.clusters.setAgentSettings(cluster.name, v),
    onSuccess: async () => {
      void message.success(t('clusters.settings.saved'));
      await queries.invalidateQueries({ queryKey: clusterKeys.one(account, cluster.name) });
    },
    onError: (error) => void message.error(describeProblem(error)),
  });
  const saveRegistries = useMutation({
    mutationFn: (v: RegistryValues) =>
      api.clusters.setRegistries(cluster.name, {
        mirrors: Object.fromEntries((v.mirrors ?? []).map((m) => [m.host, m.mirror])),
        auths: Object.fromEntries(
          (v.auths ?? []).map((a) => [a.host, { username: a.username, password: a.password }]),
        ),
      }),
    onSuccess: async () => {
      setFailure(undefined);
      void message.success(t('clusters.settings.saved'));
      await queries.invalidateQueries({ queryKey: registriesKey });
    },
    onError: (error) => setFailure(showProblem(error, t)),
  });
  const current = registries.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('clusters.settings.agents')} size="small">
        <Form<AgentValues>
          form={agentForm}
          layout="inline"
          disabled={!manage}
          initialValues={{
            heartbeatSeconds: cluster.agentSettings.heartbeatSeconds,
            logLevel: cluster.agentSettings.logLevel,
          }}
          onFinish={(v) => saveAgent.mutate(v)}
        >
          <Form.Item name="heartbeatSeconds" label={t('clusters.detail.heartbeat')}>
            <InputNumber min={1} max={3600} suffix="s" />
          </Form.Item>
          <Form.Item name="logLevel" label={t('clusters.settings.logLevel')}>
            <Select
              style={{ width: 120 }}
              options={['error', 'warn', 'info', 'debug'].map((l) => ({ value: l, label: l }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saveAgent.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('clusters.settings.registries')} size="small">
        <Typography.Paragraph type="secondary">
          {t('clusters.settings.registriesHelp')}
        </Typography.Paragraph>
        {registries.error && <Alert type="error" title={describeProblem(registries.error)} />}
        {failure && (
          <Alert type="error" role="alert" title={failure} style={{ marginBottom: 12 }} />
        )}
        {current && (
          <Form<RegistryValues>
            form={registryForm}
            layout="vertical"
            disabled={!manage}
            initialValues={{
              mirrors: Object.entries(current.mirrors).map(([host, mirror]) => ({ host, mirror })),
              auths: Object.entries(current.auths).map(([host, a]) => ({
                host,
                username: a.username,
                password: '',
              })),
            }}
            onFinish={(v) => saveRegistries.mutate(v)}
          >
            <Typography.Title level={5}>{t('clusters.settings.mirrors')}</Typography.Title>
            <Form.List name="mirrors">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline">
                      <Form.Item name={[field.name, 'host']} rules={[{ required: true }]}>
                        <Input
                          placeholder="docker.io"
                          aria-label={t('clusters.settings.registry')}
                        />
                      </Form.Item>
                      <span aria-hidden>→</span>
                      <Form.Item name={[field.name, 'mirror']} rules={[{ required: true }]}>
                        <Input
                          placeholder="mirror.site.local:5000"
                          aria-label={t('clusters.settings.mirror')}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('common.delete')}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Form.Item>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                      {t('clusters.settings.addMirror')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Typography.Title level={5}>{t('clusters.settings.logins')}</Typography.Title>
            <Typography.Paragraph type="secondary">
              {t('clusters.settings.passwordsHidden')}
            </Typography.Paragraph>
            <Form.List name="auths">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline">
                      <Form.Item name={[field.name, 'host']} rules={[{ required: true }]}>
                        <Input
                          placeholder="mirror.site.local:5000"
                          aria-label={t('clusters.settings.registry')}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'username']} rules={[{ required: true }]}>
                        <Input
                          placeholder={t('clusters.settings.username')}
                          aria-label={t('clusters.settings.username')}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'password']} rules={[{ required: true }]}>
                        <Input.Password
                          placeholder={t('clusters.settings.password')}
                          aria-label={t('clusters.settings.password')}
                          autoComplete="new-password"
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('common.delete')}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Form.Item>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                      {t('clusters.settings.addLogin')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Button type="primary" htmlType="submit" loading={saveRegistries.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}
