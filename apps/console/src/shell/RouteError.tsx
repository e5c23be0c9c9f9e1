import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/**
 * What a page that failed to render shows instead of a blank screen. After an upgrade of
 * the server the old hashed chunks are gone, so a lazily loaded area fails to import:
 * reloading fetches the new ones.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  const stale = /dynamically imported module|Importing a module script failed/i.test(message);
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
