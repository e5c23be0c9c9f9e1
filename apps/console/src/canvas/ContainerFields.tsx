import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { protocols, serviceTypes } from '@berth/spec';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldStatus } from './field-status.js';

const argv = (label: string) => (
  <Select mode="tags" aria-label={label} tokenSeparators={[]} open={false} suffixIcon={null} />
);

/** Fields of a custom or init node (the container fields of the spec's node schema). */
export function ContainerFields({ status }: { status: FieldStatus }) {
  const { t } = useTranslation();
  const healthType = Form.useWatch('healthType') as string | undefined;
  return (
    <>
      <Form.Item
        name="image"
        label={t('canvas.props.image')}
        extra={t('canvas.props.imageHelp')}
        {...status(['image'])}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="command"
        label={t('canvas.props.command')}
        extra={t('canvas.props.commandHelp')}
        {...status(['command'])}
      >
        {argv(t('canvas.props.command'))}
      </Form.Item>
      <Form.Item name="args" label={t('canvas.props.args')} {...status(['args'])}>
        {argv(t('canvas.props.args'))}
      </Form.Item>
      <Form.Item label={t('canvas.props.ports')} {...status(['ports'])}>
        <Form.List name="ports">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start" className="berth-row">
                  <Form.Item name={[field.name, 'name']} {...status(['ports', field.name, 'name'])}>
                    <Input
                      placeholder={t('canvas.props.portName')}
                      aria-label={t('canvas.props.portName')}
                      style={{ width: 100 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'port']} {...status(['ports', field.name, 'port'])}>
                    <InputNumber
                      placeholder={t('canvas.props.port')}
                      aria-label={t('canvas.props.port')}
                      min={1}
                      max={65535}
                      style={{ width: 90 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'protocol']}
                    {...status(['ports', field.name, 'protocol'])}
                  >
                    <Select
                      placeholder="tcp"
                      aria-label={t('canvas.props.protocol')}
                      allowClear
                      style={{ width: 80 }}
                      options={protocols.map((p) => ({ value: p, label: p }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'expose']}
                    valuePropName="checked"
                    {...status(['ports', field.name, 'expose'])}
                  >
                    <Checkbox>{t('canvas.props.expose')}</Checkbox>
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'serviceType']}
                    {...status(['ports', field.name, 'serviceType'])}
                  >
                    <Select
                      placeholder={t('canvas.props.serviceType')}
                      aria-label={t('canvas.props.serviceType')}
                      allowClear
                      style={{ width: 130 }}
                      options={serviceTypes.map((s) => ({ value: s, label: s }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'hostPort']}
                    {...status(['ports', field.name, 'hostPort'])}
                  >
                    <InputNumber
                      placeholder={t('canvas.props.hostPort')}
                      aria-label={t('canvas.props.hostPort')}
                      min={1}
                      max={65535}
                      style={{ width: 100 }}
                    />
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('canvas.props.addPort')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item
        name="hostNetwork"
        label={t('canvas.props.hostNetwork')}
        valuePropName="checked"
        {...status(['hostNetwork'])}
      >
        <Switch />
      </Form.Item>
      <Form.Item
        label={t('canvas.props.env')}
        extra={t('canvas.props.envHelp')}
        {...status(['env'])}
      >
        <Form.List name="env">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" className="berth-row">
                  <Form.Item name={[field.name, 'name']}>
                    <Input
                      placeholder={t('canvas.props.envName')}
                      aria-label={t('canvas.props.envName')}
                      style={{ width: 130 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} {...status(['env', field.name, 'value'])}>
                    <Input
                      placeholder={t('canvas.props.envValue')}
                      aria-label={t('canvas.props.envValue')}
                      style={{ width: 200 }}
                    />
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
                {t('canvas.props.addEnv')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Space wrap>
        <Form.Item name="cpu" label={t('canvas.props.cpu')} {...status(['cpu'])}>
          <InputNumber min={1} suffix="m" />
        </Form.Item>
        <Form.Item name="memory" label={t('canvas.props.memory')} {...status(['memory'])}>
          <InputNumber min={1} suffix="Mi" />
        </Form.Item>
        <Form.Item name="replicas" label={t('canvas.props.replicas')} {...status(['replicas'])}>
          <InputNumber min={1} />
        </Form.Item>
      </Space>
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
          {argv(t('canvas.props.healthExec'))}
        </Form.Item>
      )}
      {healthType && healthType !== 'none' && (
        <Space wrap>
          {(
            [
              ['intervalSeconds', 'interval'],
              ['timeoutSeconds', 'timeout'],
              ['failureThreshold', 'failures'],
              ['startPeriodSeconds', 'startPeriod'],
            ] as const
          ).map(([name, label]) => (
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
      <Form.Item name="logPath" label={t('canvas.props.logPath')} {...status(['logPath'])}>
        <Input placeholder="/var/log/app" />
      </Form.Item>
      <Form.Item label={t('canvas.props.volumes')} {...status(['volumes'])}>
        <Form.List name="volumes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start" className="berth-row">
                  <Form.Item
                    name={[field.name, 'name']}
                    {...status(['volumes', field.name, 'name'])}
                  >
                    <Input
                      placeholder={t('canvas.props.volumeName')}
                      aria-label={t('canvas.props.volumeName')}
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'mountPath']}
                    {...status(['volumes', field.name, 'mountPath'])}
                  >
                    <Input
                      placeholder={t('canvas.props.mountPath')}
                      aria-label={t('canvas.props.mountPath')}
                      style={{ width: 140 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'hostPath']}
                    {...status(['volumes', field.name, 'hostPath'])}
                  >
                    <Input
                      placeholder={t('canvas.props.hostPath')}
                      aria-label={t('canvas.props.hostPath')}
                      style={{ width: 140 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'readOnly']}
                    valuePropName="checked"
                    {...status(['volumes', field.name, 'readOnly'])}
                  >
                    <Checkbox>{t('canvas.props.readOnly')}</Checkbox>
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('canvas.props.addVolume')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}
