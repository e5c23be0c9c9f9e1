import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldStatus } from './field-status.js';
import { nodeSchema } from './schema-form/node-schemas.js';
import { argvInput, SchemaFields, shownByPanel } from './schema-form/SchemaFields.js';

/**
 * Fields of a custom or init node: generated from the node kind's schema, with widgets of
 * their own for resources (numbers of m and Mi) and the health check (a type, then its
 * fields). Name and deploy order are shown by the properties panel itself.
 */
export function ContainerFields({ kind, status }: { kind: string; status: FieldStatus }) {
  return (
    <SchemaFields
      schema={nodeSchema(kind)}
      status={status}
      overrides={{
        ...shownByPanel,
        resources: () => <ResourceFields status={status} />,
        health: () => <HealthFields status={status} />,
      }}
    />
  );
}

/** CPU in millicores and memory in mebibytes, with what applies when left empty. */
export function ResourceFields(props: {
  status: FieldStatus;
  placeholders?: { cpu?: string; memory?: string };
}) {
  const { t } = useTranslation();
  const { status, placeholders } = props;
  return (
    <Space wrap>
      <Form.Item name="cpu" label={t('canvas.props.cpu')} {...status(['cpu'])}>
        <InputNumber min={1} suffix="m" placeholder={placeholders?.cpu} />
      </Form.Item>
      <Form.Item name="memory" label={t('canvas.props.memory')} {...status(['memory'])}>
        <InputNumber min={1} suffix="Mi" placeholder={placeholders?.memory} />
      </Form.Item>
    </Space>
  );
}

const timings = [
  ['intervalSeconds', 'interval'],
  ['timeoutSeconds', 'timeout'],
  ['failureThreshold', 'failures'],
  ['startPeriodSeconds', 'startPeriod'],
] as const;

/** The health check: none, HTTP, TCP or a command, then the fields of that one. */
function HealthFields({ status }: { status: FieldStatus }) {
  const { t } = useTranslation();
  const healthType = Form.useWatch('healthType') as string | undefined;
  return (
    <>
      <Form.Item name="healthType" label={t('canvas.props.health')} {...status(['healthType'])}>
        <Select
          options={['none', 'http', 'tcp', 'exec'].map((v) => ({
            value: v,
            label: v === 'none' ? t('canvas.props.healthNone') : v,
          }))}
        />
      </Form.Item>
      {healthType === 'http' && (
        <Form.Item
          name="healthPath"
          label={t('canvas.props.healthPath')}
          {...status(['healthPath'])}
        >
          <Input placeholder="/healthz" />
        </Form.Item>
      )}
      {(healthType === 'http' || healthType === 'tcp') && (
        <Form.Item
          name="healthPort"
          label={t('canvas.props.healthPort')}
          {...status(['healthPort'])}
        >
          <Input placeholder="8080" />
        </Form.Item>
      )}
      {healthType === 'exec' && (
        <Form.Item
          name="healthExec"
          label={t('canvas.props.healthExec')}
          {...status(['healthExec'])}
        >
          {argvInput(t('canvas.props.healthExec'))}
        </Form.Item>
      )}
      {healthType && healthType !== 'none' && (
        <Space wrap>
          {timings.map(([name, label]) => (
            <Form.Item
              key={name}
              name={name}
              label={t(`canvas.props.${label}`)}
              {...status([name])}
            >
              <InputNumber min={0} />
            </Form.Item>
          ))}
        </Space>
      )}
    </>
  );
}
