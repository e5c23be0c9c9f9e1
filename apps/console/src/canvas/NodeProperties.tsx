import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ContainerFields } from './ContainerFields.js';
import { fieldStatus } from './field-status.js';
import { formNameOf, fromFormValues, toFormValues } from './node-form-values.js';
import { ManagedFields, MiddlewareFields } from './ServiceFields.js';
import type { NodeDoc, PlacedError } from './spec-model.js';

interface Props {
  node: NodeDoc | undefined;
  /** The other nodes' names: what this one may deploy after. */
  names: string[];
  errors: PlacedError[];
  readOnly: boolean;
  /** Changes when the spec changed under the form (undo, YAML, the canvas): re-read it. */
  resetKey: string;
  onChange: (node: NodeDoc) => void;
  onDelete: () => void;
}

/** The selected node's properties, with the validator's errors on their fields. */
export function NodeProperties(props: Props) {
  const { t } = useTranslation();
  const { node } = props;
  const status = useMemo(
    () =>
      fieldStatus(
        node
          ? props.errors.map((e) => ({ name: formNameOf(node, e.field), message: e.message }))
          : [],
      ),
    [node, props.errors],
  );
  if (!node) return <Empty description={t('canvas.props.none')} />;
  const kind = String(node.kind ?? 'custom');
  return (
    <Form
      key={props.resetKey}
      layout="vertical"
      size="small"
      disabled={props.readOnly}
      initialValues={toFormValues(node)}
      onValuesChange={(_, all) =>
        props.onChange(fromFormValues(node, all as Record<string, unknown>))
      }
      aria-label={t('canvas.props.title')}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Tag color="blue">{t(`canvas.kind.${kind}`, { defaultValue: kind })}</Tag>
        {!props.readOnly && (
          <Button size="small" danger icon={<DeleteOutlined />} onClick={props.onDelete}>
            {t('canvas.props.removeNode')}
          </Button>
        )}
      </Space>
      {props.errors.length > 0 && (
        <Alert
          type="error"
          style={{ margin: '8px 0' }}
          title={
            <ul className="berth-error-list">
              {props.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  <Typography.Text code>{e.path}</Typography.Text> {e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form.Item name="name" label={t('canvas.props.name')} {...status(['name'])}>
        <Input autoComplete="off" />
      </Form.Item>
      {kind === 'middleware' ? (
        <MiddlewareFields node={node} status={status} />
      ) : kind === 'managed' ? (
        <ManagedFields status={status} />
      ) : (
        <ContainerFields kind={kind} status={status} />
      )}
      <Form.Item
        name="dependsOn"
        label={t('canvas.props.dependsOn')}
        extra={t('canvas.props.dependsOnHelp')}
        {...status(['dependsOn'])}
      >
        <Select
          mode="multiple"
          options={props.names.filter((n) => n !== node.name).map((n) => ({ value: n, label: n }))}
        />
      </Form.Item>
    </Form>
  );
}
