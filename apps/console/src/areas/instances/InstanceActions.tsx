import type { AppSpec, Instance } from '@berth/spec';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Checkbox, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { ScaleDialog } from './ScaleDialog.js';
import { UpgradeDialog } from './UpgradeDialog.js';

/** Upgrade, scale, stop/start, roll back and delete; each answers at once, the page shows progress. */
export function InstanceActions({ instance, spec }: { instance: Instance; spec?: AppSpec }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { modal, message } = AntApp.useApp();
  const [dialog, setDialog] = useState<'upgrade' | 'scale'>();
  const name = instance.name;
  const refresh = () => queries.invalidateQueries({ queryKey: [account, 'instances'] });
  const act = useMutation({
    mutationFn: (run: () => Promise<Instance>) => run(),
    onSuccess: refresh,
    onError: (error) => message.error(describeProblem(error)),
  });
  const deleting = instance.state === 'deleting';

  const confirmDelete = () => {
    let keepData = false;
    modal.confirm({
      title: t('instances.deleteTitle', { name }),
      content: (
        <Space direction="vertical">
          {t('instances.deleteBody')}
          <Checkbox onChange={(e) => (keepData = e.target.checked)}>
            {t('instances.keepData')}
          </Checkbox>
        </Space>
      ),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync(() => api.instances.delete(name, { keepData })),
    });
  };
  const confirmRollback = () =>
    modal.confirm({
      title: t('instances.rollbackTo', { version: instance.previousVersion }),
      okText: t('instances.rollback'),
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync(() => api.instances.rollback(name)),
    });

  return (
    <Space wrap>
      <Button disabled={deleting} onClick={() => setDialog('upgrade')}>
        {t('instances.upgrade')}
      </Button>
      <Button disabled={deleting || !spec} onClick={() => setDialog('scale')}>
        {t('instances.scale')}
      </Button>
      {instance.state === 'stopped' ? (
        <Button onClick={() => act.mutate(() => api.instances.start(name))}>
          {t('instances.start')}
        </Button>
      ) : (
        <Button disabled={deleting} onClick={() => act.mutate(() => api.instances.stop(name))}>
          {t('instances.stop')}
        </Button>
      )}
      {instance.previousVersion && (
        <Button disabled={deleting} onClick={confirmRollback}>
          {t('instances.rollback')}
        </Button>
      )}
      <Button danger disabled={deleting} onClick={confirmDelete}>
        {t('common.delete')}
      </Button>
      {dialog === 'upgrade' && (
        <UpgradeDialog instance={instance} onClose={() => setDialog(undefined)} />
      )}
      {dialog === 'scale' && spec && (
        <ScaleDialog instance={instance} spec={spec} onClose={() => setDialog(undefined)} />
      )}
    </Space>
  );
}
