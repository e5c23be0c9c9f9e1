import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { cronProblem, type LightAppVersion, nextCronTime } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';

interface Values {
  entry: string;
  args: string[];
  memoryMi: number;
  cpuMillis: number;
  env: { name: string; value: string }[];
  mode: 'always' | 'scheduled';
  schedule?: string;
}

const entries = { python: 'main.py', nodejs: 'main.js', c: 'main' } as const;

/** How a draft starts and what it may use; the cron expression is checked as it is typed. */
export function ConfigForm({
  version,
  language,
  disabled,
}: {
  version: LightAppVersion;
  language: keyof typeof entries;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const mode = Form.useWatch('mode', form);
  const schedule = Form.useWatch('schedule', form);
  const config = version.config;
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.lightApps.configure(version.app, version.version, {
        entry: v.entry,
        args: v.args ?? [],
        memoryMi: v.memoryMi,
        cpuMillis: v.cpuMillis,
        env: Object.fromEntries((v.env ?? []).map((e) => [e.name, e.value ?? ''])),
        run:
          v.mode === 'scheduled'
            ? { mode: 'scheduled', schedule: v.schedule ?? '' }
            : { mode: 'always' },
      }),
    onSuccess: async () => {
      message.success(t('lightapps.configSaved'));
      await queries.invalidateQueries({ queryKey: [account, 'lightapps', version.app] });
    },
    onError: (error) => setProblem(showProblem(error, t, form)),
  });
  const next =
    mode === 'scheduled' && schedule && !cronProblem(schedule)
      ? nextCronTime(schedule, new Date())
      : undefined;
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={disabled}
      style={{ maxWidth: 640 }}
      initialValues={{
        entry: config?.entry ?? entries[language],
        args: config?.args ?? [],
        memoryMi: config?.memoryMi ?? 64,
        cpuMillis: config?.cpuMillis ?? 200,
        env: Object.entries(config?.env ?? {}).map(([name, value]) => ({ name, value })),
        mode: config?.run.mode ?? 'always',
        schedule: config?.run.mode === 'scheduled' ? config.run.schedule : undefined,
      }}
      onFinish={(v) => {
        setProblem(undefined);
        save.mutate(v);
      }}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="entry"
        label={t('lightapps.entry')}
        extra={t('lightapps.entryHelp')}
        rules={[{ required: true }]}
      >
        <Input />
      </Form.Item>
      <Form.Item label={t('lightapps.args')} extra={t('lightapps.argsHelp')}>
        <Form.List name="args">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={field.name} noStyle>
                    <Input aria-label={`${t('lightapps.args')} ${field.name + 1}`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                {t('lightapps.addArg')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Space size="large" wrap>
        <Form.Item name="memoryMi" label={t('lightapps.memoryMi')} rules={[{ required: true }]}>
          <InputNumber min={8} max={262144} precision={0} />
        </Form.Item>
        <Form.Item name="cpuMillis" label={t('lightapps.cpuMillis')} rules={[{ required: true }]}>
          <InputNumber min={10} max={256000} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item label={t('lightapps.env')}>
        <Form.List name="env">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    noStyle
                    rules={[{ required: true, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/ }]}
                  >
                    <Input
                      placeholder={t('lightapps.envName')}
                      aria-label={t('lightapps.envName')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} noStyle>
                    <Input
                      placeholder={t('lightapps.envValue')}
                      aria-label={t('lightapps.envValue')}
                    />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', value: '' })}
              >
                {t('lightapps.addEnv')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="mode" label={t('lightapps.runMode')}>
        <Radio.Group>
          <Radio value="always">{t('lightapps.always')}</Radio>
          <Radio value="scheduled">{t('lightapps.scheduled')}</Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'scheduled' && (
        <Form.Item
          name="schedule"
          label={t('lightapps.schedule')}
          extra={
            next
              ? t('lightapps.nextRun', { time: next.toLocaleString() })
              : t('lightapps.scheduleHelp')
          }
          rules={[
            { required: true },
            {
              validator: async (_, value: string | undefined) => {
                const reason = value ? cronProblem(value) : undefined;
                if (reason) throw new Error(reason);
              },
            },
          ]}
        >
          <Input placeholder="*/5 * * * *" />
        </Form.Item>
      )}
      {!disabled && (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('lightapps.saveConfig')}
        </Button>
      )}
    </Form>
  );
}
