import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { dataModelPermissions, type PathKey } from '@berth/spec';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus } from './field-status.js';
import { nodesOf, type PlacedError, type SpecDoc } from './spec-model.js';
import { type SpecHistory, useResetKey } from './use-spec-history.js';

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] =>
  Array.isArray(v) ? (v as Row[]).filter((r) => r && typeof r === 'object') : [];
const present = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== false;
const clean = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => present(v)));
const portRef = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

function toValues(spec: SpecDoc): Row {
  const services = (spec.services ?? {}) as Row;
  return {
    permissions: spec.permissions ?? [],
    dataModels: rows(spec.dataModels),
    depends: rows(services.depends),
    provides: rows(services.provides),
    loginFreeOn: spec.loginFree !== undefined,
    loginFree: spec.loginFree ?? {},
    serverInstanceOn: spec.serverInstance !== undefined,
    serverInstance: spec.serverInstance ?? {},
  };
}

/** Writes the declaration sections into the spec; an empty section is left out. */
function fromValues(spec: SpecDoc, v: Row): SpecDoc {
  const {
    permissions: _p,
    dataModels: _d,
    services: _s,
    loginFree: _l,
    serverInstance: _i,
    ...rest
  } = spec;
  const next: SpecDoc = { ...rest };
  const permissions = (v.permissions as string[] | undefined) ?? [];
  if (permissions.length > 0) next.permissions = permissions;
  const dataModels = rows(v.dataModels).map(clean);
  if (dataModels.length > 0) next.dataModels = dataModels;
  const depends = rows(v.depends).map(clean);
  const provides = rows(v.provides).map((r) => clean({ ...r, port: portRef(r.port) }));
  if (depends.length > 0 || provides.length > 0)
    next.services = clean({
      depends: depends.length > 0 ? depends : undefined,
      provides: provides.length > 0 ? provides : undefined,
    });
  if (v.loginFreeOn)
    next.loginFree = clean({ ...(v.loginFree as Row), port: portRef((v.loginFree as Row)?.port) });
  if (v.serverInstanceOn) next.serverInstance = clean((v.serverInstance ?? {}) as Row);
  return next;
}

/** The form field of a declaration error (`services.provides[0].port` → provides[0].port). */
function formName(path: PathKey[]): PathKey[] {
  const [first, ...rest] = path;
  if (first === 'services') return rest;
  if (first === 'permissions') return ['permissions'];
  return path;
}

const declarationRoots = ['permissions', 'dataModels', 'services', 'loginFree', 'serverInstance'];

/** Permission, data model, service, login-free and server-instance sections of the version. */
export function Declarations(props: {
  history: SpecHistory;
  errors: PlacedError[];
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const { history } = props;
  const resetKey = useResetKey(history, 'declarations');
  const [form] = Form.useForm();
  const mine = props.errors.filter(
    (e) => e.node === undefined && declarationRoots.includes(String(e.field[0])),
  );
  const status = useMemo(
    () => fieldStatus(mine.map((e) => ({ name: formName(e.field), message: e.message }))),
    [mine],
  );
  const nodes = nodesOf(history.spec);
  const custom = nodes.filter((n) => n.kind === 'custom').map((n) => n.name ?? '');
  const portsOf = (name: unknown, exposed: boolean) =>
    rows(nodes.find((n) => n.name === name)?.ports)
      .filter((p) => Boolean(p.expose) === exposed)
      .map((p) => ({
        value: String(p.name ?? p.port),
        label: `${p.name ?? ''} (${p.port ?? ''})`,
      }));
  const provides = Form.useWatch('provides', form) as Row[] | undefined;
  const loginFree = Form.useWatch('loginFree', form) as Row | undefined;
  const loginFreeOn = Form.useWatch('loginFreeOn', form) as boolean | undefined;
  const serverInstanceOn = Form.useWatch('serverInstanceOn', form) as boolean | undefined;
  const options = (values: string[]) => values.map((v) => ({ value: v, label: v }));

  return (
    <Form
      key={resetKey}
      form={form}
      layout="vertical"
      disabled={props.readOnly}
      initialValues={toValues(history.spec)}
      onValuesChange={(_, all) =>
        history.change((s) => fromValues(s, all as Row), 'declarations', 'declarations')
      }
      style={{ maxWidth: 960 }}
    >
      {mine.length > 0 && (
        <Alert
          type="error"
          style={{ marginBottom: 12 }}
          title={
            <ul className="berth-error-list">
              {mine.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  <Typography.Text code>{e.path}</Typography.Text> {e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" title={t('canvas.decl.permissions')} style={{ marginBottom: 12 }}>
        <Form.Item
          name="permissions"
          label={t('canvas.decl.permissions')}
          extra={t('canvas.decl.permissionsHelp')}
          {...status(['permissions'])}
        >
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('canvas.decl.dataModels')} style={{ marginBottom: 12 }}>
        <Form.List name="dataModels">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item
                    name={[f.name, 'model']}
                    label={t('canvas.decl.model')}
                    {...status(['dataModels', f.name, 'model'])}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'version']}
                    label={t('canvas.decl.modelVersion')}
                    {...status(['dataModels', f.name, 'version'])}
                  >
                    <Input style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'permission']}
                    label={t('canvas.decl.permission')}
                    {...status(['dataModels', f.name, 'permission'])}
                  >
                    <Select style={{ width: 140 }} options={options([...dataModelPermissions])} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'subscribe']}
                    label={t('canvas.decl.subscribe')}
                    valuePropName="checked"
                  >
                    <Checkbox />
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ permission: 'read' })}>
                {t('canvas.decl.addDataModel')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('canvas.decl.services')} style={{ marginBottom: 12 }}>
        <Typography.Title level={5}>{t('canvas.decl.depends')}</Typography.Title>
        <Form.List name="depends">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item
                    name={[f.name, 'model']}
                    label={t('canvas.decl.model')}
                    {...status(['depends', f.name, 'model'])}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'version']}
                    label={t('canvas.decl.modelVersion')}
                    {...status(['depends', f.name, 'version'])}
                  >
                    <Input style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'operations']}
                    label={t('canvas.decl.operations')}
                    {...status(['depends', f.name, 'operations'])}
                  >
                    <Select mode="tags" open={false} suffixIcon={null} style={{ minWidth: 200 }} />
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('canvas.decl.addDepends')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('canvas.decl.provides')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('canvas.decl.providesHelp')}
        </Typography.Paragraph>
        <Form.List name="provides">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item
                    name={[f.name, 'model']}
                    label={t('canvas.decl.model')}
                    {...status(['provides', f.name, 'model'])}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'version']}
                    label={t('canvas.decl.modelVersion')}
                    {...status(['provides', f.name, 'version'])}
                  >
                    <Input style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'node']}
                    label={t('canvas.decl.node')}
                    {...status(['provides', f.name, 'node'])}
                  >
                    <Select style={{ width: 140 }} options={options(custom)} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'port']}
                    label={t('canvas.decl.port')}
                    {...status(['provides', f.name, 'port'])}
                  >
                    <Select
                      style={{ width: 140 }}
                      options={portsOf(provides?.[f.name]?.node, false)}
                    />
                  </Form.Item>
                  <Button
                    aria-label={t('canvas.props.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('canvas.decl.addProvides')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('canvas.decl.loginFree')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">
          {t('canvas.decl.loginFreeHelp')}
        </Typography.Paragraph>
        <Form.Item name="loginFreeOn" label={t('canvas.decl.enable')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {loginFreeOn && (
          <Space wrap align="start">
            <Form.Item
              name={['loginFree', 'path']}
              label={t('canvas.decl.path')}
              {...status(['loginFree', 'path'])}
            >
              <Input placeholder="/oauth/login" />
            </Form.Item>
            <Form.Item
              name={['loginFree', 'node']}
              label={t('canvas.decl.node')}
              {...status(['loginFree', 'node'])}
            >
              <Select style={{ width: 140 }} options={options(nodes.map((n) => n.name ?? ''))} />
            </Form.Item>
            <Form.Item
              name={['loginFree', 'port']}
              label={t('canvas.decl.port')}
              {...status(['loginFree', 'port'])}
            >
              <Select style={{ width: 140 }} options={portsOf(loginFree?.node, true)} />
            </Form.Item>
          </Space>
        )}
      </Card>
      <Card size="small" title={t('canvas.decl.serverInstance')}>
        <Typography.Paragraph type="secondary">
          {t('canvas.decl.serverInstanceHelp')}
        </Typography.Paragraph>
        <Form.Item name="serverInstanceOn" label={t('canvas.decl.enable')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {serverInstanceOn && (
          <Space wrap align="start">
            <Form.Item
              name={['serverInstance', 'url']}
              label={t('canvas.decl.url')}
              {...status(['serverInstance', 'url'])}
            >
              <Input placeholder="https://parking.example.com" style={{ width: 300 }} />
            </Form.Item>
            <Form.Item
              name={['serverInstance', 'path']}
              label={t('canvas.decl.tenantPath')}
              {...status(['serverInstance', 'path'])}
            >
              <Input placeholder="/tenants" />
            </Form.Item>
          </Space>
        )}
      </Card>
    </Form>
  );
}
