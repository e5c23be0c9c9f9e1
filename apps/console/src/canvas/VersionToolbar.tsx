import { CheckCircleOutlined, RedoOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { BerthApiError, type TaggedVersion } from '@berth/client';
import type { SpecError } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../api/client.js';
import { describeProblem } from '../api/problem.js';
import { appKeys } from '../areas/apps/queries.js';
import type { PlacedError, SpecDoc } from './spec-model.js';
import type { SpecHistory } from './use-spec-history.js';
import { specToYaml } from './YamlView.js';

interface Props {
  app: string;
  current: TaggedVersion;
  history: SpecHistory;
  errors: PlacedError[];
  dirty: boolean;
  readOnly: boolean;
  onSaved: (tagged: TaggedVersion, spec: SpecDoc) => void;
  onRefused: (errors: SpecError[]) => void;
  onPublished: () => Promise<void>;
  onReload: () => Promise<void>;
}

/**
 * Undo/redo, validity, save and publish. Saving sends the ETag of what was loaded in
 * If-Match, so a save over someone else's newer one is refused (412) instead of lost.
 */
export function VersionToolbar(props: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { modal, message } = AntApp.useApp();
  const { history, current } = props;
  const version = current.version.version;

  const conflict = (spec: SpecDoc) =>
    modal.confirm({
      title: t('canvas.save.conflictTitle'),
      width: 720,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('canvas.save.conflictBody')}</Typography.Paragraph>
          <Input.TextArea
            readOnly
            aria-label={t('canvas.yaml.label')}
            value={specToYaml(spec)}
            autoSize={{ minRows: 6, maxRows: 18 }}
            style={{ fontFamily: 'monospace' }}
          />
          <Typography.Text copyable={{ text: specToYaml(spec) }}>
            {t('common.copy')}
          </Typography.Text>
        </Space>
      ),
      okText: t('canvas.save.reload'),
      cancelText: t('common.cancel'),
      onOk: () => props.onReload(),
    });

  const save = useMutation({
    mutationFn: async (spec: SpecDoc) => {
      const tagged = await api.versions.putSpec(props.app, version, spec as never, {
        ifMatch: current.etag ?? '*',
      });
      return { tagged, spec };
    },
    onSuccess: ({ tagged, spec }) => {
      props.onSaved(tagged, spec);
      queries.setQueryData(appKeys.version(account, props.app, version), tagged);
      void queries.invalidateQueries({ queryKey: appKeys.versions(account, props.app) });
      void message.success(t('canvas.toolbar.saved'));
    },
    onError: (error, spec) => {
      if (error instanceof BerthApiError && error.status === 412) conflict(spec);
      else if (error instanceof BerthApiError && error.status === 422) {
        props.onRefused(error.problem.errors ?? []);
        void message.error(t('canvas.save.invalid'));
      } else if (error instanceof BerthApiError && error.status === 409)
        void message.error(t('canvas.save.published'));
      else void message.error(describeProblem(error));
    },
  });

  const publish = useMutation({
    mutationFn: async () => {
      if (props.dirty) await save.mutateAsync(history.spec);
      return api.versions.publish(props.app, version);
    },
    onSuccess: async () => {
      void message.success(t('apps.detail.published', { version }));
      void queries.invalidateQueries({ queryKey: appKeys.app(account, props.app) });
      await props.onPublished();
    },
    onError: (error) => {
      if (error instanceof BerthApiError && error.status === 422)
        props.onRefused(error.problem.errors ?? []);
      modal.error({
        title: t('apps.detail.publishRefused', { version }),
        content: describeProblem(error),
      });
    },
  });

  const count = props.errors.length;
  return (
    <Space wrap style={{ marginBottom: 8 }}>
      <Tag color={current.version.state === 'draft' ? 'gold' : 'green'}>
        {t(`apps.versionState.${current.version.state}`)}
      </Tag>
      {!props.readOnly && (
        <>
          <Tooltip title="Ctrl+Z">
            <Button icon={<UndoOutlined />} disabled={!history.canUndo} onClick={history.undo}>
              {t('canvas.toolbar.undo')}
            </Button>
          </Tooltip>
          <Tooltip title="Ctrl+Shift+Z">
            <Button icon={<RedoOutlined />} disabled={!history.canRedo} onClick={history.redo}>
              {t('canvas.toolbar.redo')}
            </Button>
          </Tooltip>
        </>
      )}
      {count > 0 ? (
        <Tag color="red" role="status">
          {t('canvas.toolbar.errors', { count })}
        </Tag>
      ) : (
        <Tag color="green" icon={<CheckCircleOutlined />} role="status">
          {t('canvas.toolbar.valid')}
        </Tag>
      )}
      {!props.readOnly && (
        <>
          <Typography.Text type={props.dirty ? 'warning' : 'secondary'}>
            {props.dirty ? t('canvas.toolbar.unsaved') : t('canvas.toolbar.saved')}
          </Typography.Text>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            disabled={!props.dirty}
            loading={save.isPending}
            onClick={() => save.mutate(history.spec)}
          >
            {t('canvas.toolbar.save')}
          </Button>
          <Button
            loading={publish.isPending}
            onClick={() =>
              modal.confirm({
                title: t('apps.detail.publishConfirm', { version }),
                okText: t('canvas.toolbar.publish'),
                cancelText: t('common.cancel'),
                onOk: () => publish.mutate(),
              })
            }
          >
            {t('canvas.toolbar.publish')}
          </Button>
        </>
      )}
    </Space>
  );
}
