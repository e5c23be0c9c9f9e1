import { Button, Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { isChunkLoadError, reloadOnce } from './chunk-reload.js';

/**
 * What a page that failed to render shows instead of a blank screen. A part of the
 * console that failed to load (after an upgrade of the server, or a dropped
 * connection) is loaded again by reloading the page once, without asking; only if
 * that did not help does the person see the offer to reload.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  const stale = isChunkLoadError(error);
  const [reloading, setReloading] = useState(stale);
  useEffect(() => {
    if (!stale) return;
    const reloaded = reloadOnce({
      storage: window.sessionStorage,
      now: Date.now(),
      reload: () => window.location.reload(),
    });
    setReloading(reloaded);
  }, [stale]);
  if (reloading) return <Spin tip={t('shell.reloading')} style={{ margin: 48 }} />;
  return (
    <Result
      status={stale ? 'info' : 'error'}
      title={stale ? t('shell.updated') : t('shell.pageFailed')}
      subTitle={stale ? undefined : message}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('shell.reload')}
        </Button>
      }
    />
  );
}
