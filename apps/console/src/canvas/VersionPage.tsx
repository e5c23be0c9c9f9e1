import type { TaggedVersion } from '@berth/client';
import { type App, type SpecError, validateAppSpec } from '@berth/spec';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Spin, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams, useSearchParams } from 'react-router';
import { useAccount, useApi } from '../api/client.js';
import { describeProblem } from '../api/problem.js';
import { appKeys } from '../areas/apps/queries.js';
import { registerMessages } from '../i18n/index.js';
import { localizeServerText } from '../i18n/server-text.js';
import Canvas from './Canvas.js';
import { Declarations } from './Declarations.js';
import { en, zh } from './messages.js';
import { placeErrors, type SpecDoc } from './spec-model.js';
import { useSpecHistory } from './use-spec-history.js';
import { VersionToolbar } from './VersionToolbar.js';
import { YamlView } from './YamlView.js';

registerMessages('canvas', en, zh);

const tabs = ['canvas', 'yaml', 'declarations'] as const;
type Tab = (typeof tabs)[number];

/** `/a/:account/apps/:app/versions/:version`: loads the version, then the editor. */
export default function VersionPage() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const { app = '', version = '' } = useParams();
  const appQuery = useQuery({
    queryKey: appKeys.app(account, app),
    queryFn: () => api.apps.get(app),
  });
  const versionQuery = useQuery({
    queryKey: appKeys.version(account, app, version),
    queryFn: () => api.versions.get(app, version),
    // The editor holds its own copy; a background refetch must not replace the user's edits.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const error = appQuery.error ?? versionQuery.error;
  if (error) return <Alert type="error" title={describeProblem(error)} />;
  if (!appQuery.data || !versionQuery.data)
    return <Spin tip={t('common.loading')} style={{ margin: 48 }} />;
  return <Editor key={`${app}/${version}`} app={appQuery.data} loaded={versionQuery.data} />;
}

function Editor({ app, loaded }: { app: App; loaded: TaggedVersion }) {
  const { t, i18n } = useTranslation();
  const { language } = i18n;
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const history = useSpecHistory(loaded.version.spec as SpecDoc);
  const [current, setCurrent] = useState(loaded);
  const [saved, setSaved] = useState<SpecDoc>(history.spec);
  const [serverErrors, setServerErrors] = useState<{ rev: number; errors: SpecError[] }>();
  const [yamlBlocked, setYamlBlocked] = useState<string>();
  const versionName = current.version.version;
  const readOnly = current.version.state !== 'draft';
  const tab: Tab = tabs.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'canvas';

  // The validator runs here as the user edits, the same code the server runs on save.
  const outcome = useMemo(
    () => validateAppSpec(history.spec, { distribution: app.distribution }),
    [history.spec, app.distribution],
  );
  const errors = useMemo(() => {
    const local = outcome.ok ? [] : outcome.errors;
    // What the server refused stays shown until the next edit.
    const remote = serverErrors?.rev === history.rev ? serverErrors.errors : [];
    const seen = new Set(local.map((e) => `${e.path}\n${e.message}`));
    const all = [...local, ...remote.filter((e) => !seen.has(`${e.path}\n${e.message}`))];
    return placeErrors(
      all.map((e) => ({ ...e, message: localizeServerText(e.message, language) })),
    );
  }, [outcome, serverErrors, history.rev, language]);

  const dirty = history.spec !== saved;
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Leaving the page inside the console asks too; switching tabs (the query) does not.
  const { modal } = AntApp.useApp();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  const blocked = useRef(blocker);
  blocked.current = blocker;
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    // Closed with the blocked state it asks about, so a re-run never stacks a second one.
    const confirm = modal.confirm({
      title: t('canvas.save.leave'),
      content: t('canvas.save.leaveBody'),
      okText: t('canvas.save.leaveOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => blocked.current.proceed?.(),
      onCancel: () => blocked.current.reset?.(),
    });
    return () => confirm.destroy();
  }, [blocker.state, modal, t]);

  const { undo, redo } = history;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Inside a text field or the YAML editor the field's own undo applies.
      if (target?.closest('input, textarea, [contenteditable="true"]')) return;
      if (!(event.ctrlKey || event.metaKey) || readOnly) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, readOnly]);

  const reload = async () => {
    const fresh = await api.versions.get(app.name, versionName);
    queries.setQueryData(appKeys.version(account, app.name, versionName), fresh);
    setCurrent(fresh);
    history.reset(fresh.version.spec as SpecDoc);
    setSaved(fresh.version.spec as SpecDoc);
    setServerErrors(undefined);
  };

  const pickTab = (next: string) => {
    if (yamlBlocked && tab === 'yaml') return;
    const p = new URLSearchParams(params);
    p.set('tab', next);
    setParams(p, { replace: true });
  };

  const nodeless = errors.filter(
    (e) =>
      e.node === undefined &&
      !['permissions', 'dataModels', 'services', 'loginFree', 'serverInstance'].includes(
        String(e.field[0]),
      ),
  );
  return (
    <div>
      <Typography.Title level={3} style={{ margin: '0 0 8px' }}>
        <Link to="../.." relative="path">
          {app.displayName ?? app.name}
        </Link>{' '}
        / {versionName}
      </Typography.Title>
      <VersionToolbar
        app={app.name}
        current={current}
        history={history}
        errors={errors}
        dirty={dirty}
        readOnly={readOnly}
        onSaved={(tagged, spec) => {
          setCurrent(tagged);
          setSaved(spec);
        }}
        onRefused={(refused) => setServerErrors({ rev: history.rev, errors: refused })}
        onPublished={reload}
        onReload={reload}
      />
      {readOnly && (
        <Alert
          type="info"
          style={{ marginBottom: 8 }}
          title={t('canvas.readOnly', {
            version: versionName,
            state: t(`apps.versionState.${current.version.state}`),
          })}
        />
      )}
      {nodeless.length > 0 && (
        <Alert
          type="error"
          style={{ marginBottom: 8 }}
          title={t('canvas.props.otherErrors')}
          description={
            <ul className="berth-error-list">
              {nodeless.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  <Typography.Text code>{e.path || '/'}</Typography.Text> {e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {yamlBlocked && tab === 'yaml' && (
        <Typography.Text type="danger">{t('canvas.yaml.fixFirst')}</Typography.Text>
      )}
      <Tabs
        activeKey={tab}
        onChange={pickTab}
        destroyOnHidden
        items={[
          {
            key: 'canvas',
            label: t('canvas.tabs.canvas'),
            disabled: Boolean(yamlBlocked),
            children: (
              <Canvas
                history={history}
                errors={errors}
                readOnly={readOnly}
                scope={`${account}/${app.name}/${versionName}`}
              />
            ),
          },
          {
            key: 'yaml',
            label: t('canvas.tabs.yaml'),
            children: <YamlView history={history} readOnly={readOnly} onBlocked={setYamlBlocked} />,
          },
          {
            key: 'declarations',
            label: t('canvas.tabs.declarations'),
            disabled: Boolean(yamlBlocked),
            children: <Declarations history={history} errors={errors} readOnly={readOnly} />,
          },
        ]}
      />
    </div>
  );
}
