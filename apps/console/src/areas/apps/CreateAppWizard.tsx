import {
  allowedCombinations,
  type Deployment,
  type Distribution,
  distributions,
  osTypes,
} from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { showProblem } from '../../api/problem.js';
import { appKeys } from './queries.js';

interface WizardValues {
  distribution: Distribution;
  deployment: Deployment;
  name: string;
  displayName?: string;
  os: 'linux' | 'windows';
}

/** One choice with the sentence that explains it, so nobody needs the docs to pick. */
function Choice({ title, help }: { title: string; help: string }) {
  return (
    <span>
      <Typography.Text strong>{title}</Typography.Text>
      <br />
      <Typography.Text type="secondary">{help}</Typography.Text>
    </span>
  );
}

/**
 * Distribution first, then only the deployments that distribution allows
 * (`allowedCombinations` from the spec package, the table the server enforces), then the name.
 */
export function CreateAppWizard() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<WizardValues>();
  const [step, setStep] = useState(0);
  const [alert, setAlert] = useState<string>();
  const distribution = Form.useWatch('distribution', form) ?? 'instance';
  const deployment = Form.useWatch('deployment', form);
  const allowed = allowedCombinations[distribution];

  const create = useMutation({
    mutationFn: (values: WizardValues) =>
      api.apps.create({
        name: values.name,
        displayName: values.displayName || undefined,
        distribution: values.distribution,
        deployment: values.deployment,
        os: values.os,
      }),
    onSuccess: async (app) => {
      await queries.invalidateQueries({ queryKey: appKeys.apps(account) });
      navigate(`../${app.name}`, { relative: 'path' });
    },
    onError: (error) => {
      const rest = showProblem(error, t, form);
      setAlert(rest);
      // A refused pair is reported at `deployment`: go back to where it can be changed.
      const fields = form.getFieldsError().filter((f) => f.errors.length > 0);
      if (fields.some((f) => f.name[0] === 'deployment')) setStep(1);
    },
  });

  const next = async () => {
    const names = step === 0 ? ['distribution'] : ['deployment'];
    await form.validateFields(names);
    setStep(step + 1);
  };

  return (
    <Card title={t('apps.wizard.title')} style={{ maxWidth: 760 }}>
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('apps.wizard.stepDistribution') },
          { title: t('apps.wizard.stepDeployment') },
          { title: t('apps.wizard.stepDetails') },
        ]}
      />
      <Form<WizardValues>
        form={form}
        layout="vertical"
        preserve
        initialValues={{ distribution: 'instance', deployment: 'edge-hosted', os: 'linux' }}
        onValuesChange={(changed: Partial<WizardValues>) => {
          // Changing the distribution drops a deployment it does not allow.
          if (changed.distribution) {
            const options = allowedCombinations[changed.distribution];
            const current = form.getFieldValue('deployment') as Deployment | undefined;
            if (!current || !options.includes(current))
              form.setFieldValue('deployment', options[0]);
          }
        }}
        onFinish={(values) => create.mutate({ ...form.getFieldsValue(true), ...values })}
      >
        <div hidden={step !== 0}>
          <Form.Item
            name="distribution"
            label={t('apps.wizard.chooseDistribution')}
            rules={[{ required: true }]}
          >
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              {distributions.map((d) => (
                <Radio key={d} value={d}>
                  <Choice
                    title={t(`apps.distribution.${d}`)}
                    help={t(`apps.distributionHelp.${d}`)}
                  />
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        </div>
        <div hidden={step !== 1}>
          <Form.Item
            name="deployment"
            label={t('apps.wizard.chooseDeployment')}
            rules={[{ required: true }]}
          >
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              {allowed.map((d) => (
                <Radio key={d} value={d}>
                  <Choice title={t(`apps.deployment.${d}`)} help={t(`apps.deploymentHelp.${d}`)} />
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        </div>
        <div hidden={step !== 2}>
          <Typography.Paragraph>
            {t('apps.wizard.summary', {
              distribution: t(`apps.distribution.${distribution}`),
              deployment: deployment ? t(`apps.deployment.${deployment}`) : '',
            })}
          </Typography.Paragraph>
          <Form.Item
            name="name"
            label={t('apps.wizard.name')}
            extra={t('apps.wizard.nameHelp')}
            rules={[{ required: step === 2 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('apps.wizard.displayName')}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="os" label={t('apps.wizard.os')}>
            <Radio.Group options={osTypes.map((os) => ({ value: os, label: os }))} />
          </Form.Item>
        </div>
        {alert && <Alert type="error" title={alert} style={{ marginBottom: 16 }} />}
        <Space>
          {step > 0 && (
            <Button onClick={() => setStep(step - 1)}>{t('apps.wizard.previous')}</Button>
          )}
          {step < 2 && (
            <Button type="primary" onClick={() => void next()}>
              {t('apps.wizard.next')}
            </Button>
          )}
          {step === 2 && (
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('common.create')}
            </Button>
          )}
          <Button onClick={() => navigate('..', { relative: 'path' })}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
