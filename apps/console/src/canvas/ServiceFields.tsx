import { catalogEntry, managedEngine, managedEngines } from '@berth/spec';
import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { ResourceFields } from './ContainerFields.js';
import type { FieldStatus } from './field-status.js';
import { nodeSchema } from './schema-form/node-schemas.js';
import { SchemaFields, shownByPanel } from './schema-form/SchemaFields.js';
import type { NodeDoc } from './spec-model.js';

/**
 * A middleware node: generated from its schema, with the catalog entry driving what the
 * schema cannot know (its versions, parameters, ports and default resources).
 */
export function MiddlewareFields({ node, status }: { node: NodeDoc; status: FieldStatus }) {
  const { t } = useTranslation();
  const entry = catalogEntry(String(node.template ?? ''));
  return (
    <SchemaFields
      schema={nodeSchema('middleware')}
      status={status}
      overrides={{
        ...shownByPanel,
        template: () => (
          <Form.Item label={t('canvas.props.template')}>
            <Input
              value={entry?.displayName ?? String(node.template ?? '')}
              disabled
              aria-label={t('canvas.props.template')}
            />
          </Form.Item>
        ),
        version: () => (
          <Form.Item name="version" label={t('canvas.props.version')} {...status(['version'])}>
            <Select options={(entry?.tags ?? []).map((tag) => ({ value: tag, label: tag }))} />
          </Form.Item>
        ),
        params: () => <CatalogParams node={node} status={status} />,
        resources: () => <ResourceFields status={status} placeholders={entry?.resources} />,
      }}
      cells={{
        'ports.name': (label) => (
          <Select
            aria-label={label}
            placeholder={label}
            style={{ width: 120 }}
            options={(entry?.ports ?? []).map((port) => ({
              value: port.name,
              label: `${port.name} (${port.port})`,
            }))}
          />
        ),
      }}
      newRows={{ ports: { name: entry?.ports[0]?.name, expose: true } }}
    />
  );
}

/** The catalog entry's parameters; secret ones are generated per instance when left empty. */
function CatalogParams({ node, status }: { node: NodeDoc; status: FieldStatus }) {
  const { t } = useTranslation();
  const entry = catalogEntry(String(node.template ?? ''));
  if (!entry || entry.params.length === 0) return null;
  return (
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
            <InputNumber placeholder={p.default === undefined ? undefined : String(p.default)} />
          ) : p.secret ? (
            <Input.Password autoComplete="new-password" />
          ) : (
            <Input placeholder={p.default === undefined ? undefined : String(p.default)} />
          )}
        </Form.Item>
      ))}
    </fieldset>
  );
}

/** A managed database: generated from its schema; the engine and its versions from the list. */
export function ManagedFields({ status }: { status: FieldStatus }) {
  const { t } = useTranslation();
  const template = Form.useWatch('template') as string | undefined;
  const engine = managedEngine(template ?? '');
  return (
    <SchemaFields
      schema={nodeSchema('managed')}
      status={status}
      overrides={{
        ...shownByPanel,
        template: () => (
          <Form.Item name="template" label={t('canvas.props.template')} {...status(['template'])}>
            <Select
              options={managedEngines.map((e) => ({ value: e.name, label: e.displayName }))}
            />
          </Form.Item>
        ),
        version: () => (
          <Form.Item name="version" label={t('canvas.props.version')} {...status(['version'])}>
            <Select
              allowClear
              placeholder={engine?.defaultVersion}
              options={(engine?.versions ?? []).map((v) => ({ value: v, label: v }))}
            />
          </Form.Item>
        ),
      }}
    />
  );
}
