import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { PathKey } from '@berth/spec';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import type { TFunction } from 'i18next';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldStatus } from '../field-status.js';
import { type JsonSchema, shapeOf } from './node-schemas.js';

/**
 * Widgets of their own for fields whose editing needs more than the schema says (the
 * catalog's versions, the health check as a type plus its fields), by field name; `null`
 * for a field the caller shows elsewhere.
 */
export type FieldOverrides = Record<string, (() => ReactNode) | null>;

/** A node's name and deploy order: the properties panel shows them above every form. */
export const shownByPanel: FieldOverrides = { name: null, dependsOn: null };
/** A row's cell with a widget of its own, by `list.cell` (e.g. `ports.name`). */
export type CellOverrides = Record<string, (label: string) => ReactNode>;

interface Props {
  schema: JsonSchema;
  status: FieldStatus;
  overrides?: FieldOverrides;
  cells?: CellOverrides;
  /** The row a list adds, by list name (else an empty row). */
  newRows?: Record<string, Record<string, unknown>>;
}

// The strings of a field: `canvas.props.<name>` (a cell may use a more specific one).
const cellKeys: Record<string, string> = {
  'ports.name': 'portName',
  'volumes.name': 'volumeName',
  'env.name': 'envName',
  'env.value': 'envValue',
};
const addKeys: Record<string, string> = { ports: 'addPort', volumes: 'addVolume', env: 'addEnv' };

function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const labelOf = (t: TFunction, name: string, key = name) =>
  t(`canvas.props.${key}`, { defaultValue: humanize(name) });

/**
 * Help under a field: its translated help; else, in English, the schema's own description
 * (written in English: a field new to the console is documented without mixing languages).
 */
function helpOf(t: TFunction, lang: string, name: string, schema: JsonSchema) {
  const help = t(`canvas.props.${name}Help`, { defaultValue: '' });
  return help || (lang.startsWith('en') ? schema.description : undefined);
}

/** The fields of an object schema (a node kind), each edited as its shape says. */
export function SchemaFields(props: Props) {
  return (
    <>
      {Object.entries(props.schema.properties ?? {}).map(([name, schema]) => {
        if (name === 'kind') return null;
        if (props.overrides && name in props.overrides) {
          const render = props.overrides[name];
          return render ? <Fragment key={name}>{render()}</Fragment> : null;
        }
        return <SchemaField key={name} {...props} path={[name]} schema={schema} />;
      })}
    </>
  );
}

function SchemaField(props: Props & { path: string[] }) {
  const { t, i18n } = useTranslation();
  const { path, schema, status } = props;
  const name = path[path.length - 1] ?? '';
  const label = labelOf(t, name);
  const extra = helpOf(t, i18n.language, name, schema);
  const item = { name: path, label, extra, ...status(path) };
  switch (shapeOf(schema)) {
    case 'boolean':
      return (
        <Form.Item {...item} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item {...item}>
          <InputNumber min={schema.minimum} max={schema.maximum} />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item {...item}>
          <Select
            allowClear
            options={(schema.enum ?? []).map((v) => ({ value: v, label: String(v) }))}
          />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item {...item}>
          <Input autoComplete="off" />
        </Form.Item>
      );
    case 'list':
      return <Form.Item {...item}>{argvInput(label)}</Form.Item>;
    case 'rows':
    case 'map':
      return (
        <Form.Item label={label} extra={item.extra} {...status(path)}>
          <RowsField {...props} name={name} />
        </Form.Item>
      );
    case 'group':
      return (
        <fieldset className="berth-fieldset">
          <legend>{label}</legend>
          {item.extra && <div className="berth-fieldset-help">{item.extra}</div>}
          {Object.entries(schema.properties ?? {}).map(([key, s]) => (
            <SchemaField key={key} {...props} path={[...path, key]} schema={s} />
          ))}
        </fieldset>
      );
    default:
      return null;
  }
}

/** A list of strings typed one by one (Enter adds one): an argv, capabilities. */
export function argvInput(label: string) {
  return (
    <Select mode="tags" aria-label={label} tokenSeparators={[]} open={false} suffixIcon={null} />
  );
}

/** The cells of one row: an object's fields, or a map entry's name and value. */
function rowCells(schema: JsonSchema): [string, JsonSchema][] {
  if (shapeOf(schema) === 'map') {
    const value =
      typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
    return [
      ['name', { type: 'string' }],
      ['value', value],
    ];
  }
  return Object.entries(schema.items?.properties ?? {});
}

/** A list of objects (or a map), one row of compact inputs each, with add and remove. */
function RowsField(props: Props & { name: string }) {
  const { t } = useTranslation();
  const { name, status } = props;
  const cells = rowCells(props.schema);
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} wrap align="start" className="berth-row">
              {cells.map(([cell, schema]) => {
                const path: PathKey[] = [name, field.name, cell];
                const label = labelOf(t, cell, cellKeys[`${name}.${cell}`]);
                const own = props.cells?.[`${name}.${cell}`];
                const boolean = shapeOf(schema) === 'boolean';
                return (
                  <Form.Item
                    key={cell}
                    name={[field.name, cell]}
                    valuePropName={boolean ? 'checked' : 'value'}
                    {...status(path)}
                  >
                    {own ? own(label) : cellInput(schema, label)}
                  </Form.Item>
                );
              })}
              <Button
                aria-label={t('canvas.props.remove')}
                icon={<DeleteOutlined />}
                onClick={() => remove(field.name)}
              />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add(props.newRows?.[name] ?? {})}>
            {t(`canvas.props.${addKeys[name] ?? 'addRow'}`)}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function cellInput(schema: JsonSchema, label: string): ReactNode {
  const common = { placeholder: label, 'aria-label': label };
  switch (shapeOf(schema)) {
    case 'boolean':
      return <Checkbox>{label}</Checkbox>;
    case 'number':
      return (
        <InputNumber {...common} min={schema.minimum} max={schema.maximum} style={{ width: 100 }} />
      );
    case 'enum':
      return (
        <Select
          {...common}
          allowClear
          style={{ width: 130 }}
          options={(schema.enum ?? []).map((v) => ({ value: v, label: String(v) }))}
        />
      );
    default:
      return <Input {...common} style={{ width: 140 }} />;
  }
}
