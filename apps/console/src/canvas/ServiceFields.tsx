import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { catalogEntry, managedEngine, managedEngines, serviceTypes } from '@berth/spec';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldStatus } from './field-status.js';
import type { NodeDoc } from './spec-model.js';

/** A middleware node: the catalog entry's versions, parameters and ports drive the form. */
export function MiddlewareFields({ node, status }: { node: NodeDoc; status: FieldStatus }) {
  const { t } = useTranslation();
  const entry = catalogEntry(String(node.template ?? ''));
  return (
    <>
      <Form.Item label={t('canvas.props.template')}>
        <Input
          value={entry?.displayName ?? String(node.template ?? '')}
          disabled
          aria-label={t('canvas.props.template')}
        />
      </Form.Item>
      <Form.Item name="version" label={t('canvas.props.version')} {...status(['version'])}>
        <Select options={(entry?.tags ?? []).map((tag) => ({ value: tag, label: tag }))} />
      </Form.Item>
      {entry && entry.params.length > 0 && (
        <fieldset className="berth-fieldset">
          <legend>{t('canvas.props.params')}</legend>
          {entry.params.map((p) => (
            <Form.Item
              key={p.name}
              name={['params', p.name]}
              label={p.name}
              tooltip={p.description}
              valuePropName={p.type === 'boolean' ? 'checked' : 'value'}
              extra={p.secret ? t('canvas.props.secretGenerated') : undefined}
              {...status(['params', p.name])}
            >
              {p.type === 'boolean' ? (
                <Switch />
              ) : p.type === 'number' ? (
                <InputNumber
                  placeholder={p.default === undefined ? undefined : String(p.default)}
                />
              ) : p.secret ? (
                <Input.Password autoComplete="new-password" />
              ) : (
                <Input placeholder={p.default === undefined ? undefined : String(p.default)} />
              )}
            </Form.Item>
          ))}
        </fieldset>
      )}
      <Form.Item label={t('canvas.props.ports')} {...status(['ports'])}>
        <Form.List name="ports">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start" className="berth-row">
                  <Form.Item name={[field.name, 'name']} {...status(['ports', field.name, 'name'])}>
                    <Select
                      aria-label={t('canvas.props.portName')}
                      placeholder={t('canvas.props.portName')}
                      style={{ width: 120 }}
                      options={(entry?.ports ?? []).map((port) => ({
                        value: port.name,
                        label: `${port.name} (${port.port})`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'expose']} valuePropName="checked">
                    <Checkbox>{t('canvas.props.expose')}</Checkbox>
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'serviceType']}
                    {...status(['ports', field.name, 'serviceType'])}
                  >
                    <Select
                      aria-label={t('canvas.props.serviceType')}
                      placeholder={t('canvas.props.serviceType')}
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
                      aria-label={t('canvas.props.hostPort')}
                      placeholder={t('canvas.props.hostPort')}
                      min={1}
                      max={65535}
                    />
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ name: entry?.ports[0]?.name, expose: true })}
              >
                {t('canvas.props.addPort')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Space wrap>
        <Form.Item name="cpu" label={t('canvas.props.cpu')} {...status(['cpu'])}>
          <InputNumber min={1} suffix="m" placeholder={entry?.resources.cpu} />
        </Form.Item>
        <Form.Item name="memory" label={t('canvas.props.memory')} {...status(['memory'])}>
          <InputNumber min={1} suffix="Mi" placeholder={entry?.resources.memory} />
        </Form.Item>
      </Space>
    </>
  );
}

/** A managed database: the engine and its version. */
export function ManagedFields({ status }: { status: FieldStatus }) {
  const { t } = useTranslation();
  const template = Form.useWatch('template') as string | undefined;
  const engine = managedEngine(template ?? '');
  return (
    <>
      <Form.Item name="template" label={t('canvas.props.template')} {...status(['template'])}>
        <Select options={managedEngines.map((e) => ({ value: e.name, label: e.displayName }))} />
      </Form.Item>
      <Form.Item name="version" label={t('canvas.props.version')} {...status(['version'])}>
        <Select
          allowClear
          placeholder={engine?.defaultVersion}
          options={(engine?.versions ?? []).map((v) => ({ value: v, label: v }))}
        />
      </Form.Item>
    </>
  );
}
