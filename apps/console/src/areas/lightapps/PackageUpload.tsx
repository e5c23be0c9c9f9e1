import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Progress, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { uploadPackage } from './uploadPackage.js';

/** Drop or choose a zip or tar.gz; the bar follows the bytes actually sent. */
export function PackageUpload({ name, version }: { name: string; version: string }) {
  const { t } = useTranslation();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  const [progress, setProgress] = useState<{ file: string; percent: number; failed?: string }>();
  return (
    <div>
      <Upload.Dragger
        accept=".zip,.tar.gz,.tgz"
        multiple={false}
        showUploadList={false}
        aria-label={t('lightapps.upload')}
        customRequest={({ file }) => {
          const chosen = file as File;
          setProgress({ file: chosen.name, percent: 0 });
          uploadPackage({
            account,
            app: name,
            version,
            file: chosen,
            // The last bytes sent are not yet the server's answer: 99 until it accepts them.
            onProgress: (percent) =>
              setProgress({ file: chosen.name, percent: Math.min(percent, 99) }),
          }).then(
            async (result) => {
              setProgress({ file: chosen.name, percent: 100 });
              message.success(t('lightapps.uploaded', { size: result.size }));
              await queries.invalidateQueries({ queryKey: [account, 'lightapps', name] });
            },
            (error: unknown) =>
              setProgress((p) => ({
                file: chosen.name,
                percent: p?.percent ?? 0,
                failed: describeProblem(error),
              })),
          );
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('lightapps.uploadHint')}</p>
      </Upload.Dragger>
      {progress && (
        <div data-testid="upload-progress" style={{ marginTop: 8 }}>
          {progress.percent === 100 && !progress.failed
            ? t('lightapps.uploadDone', { name: progress.file })
            : t('lightapps.uploading', { name: progress.file })}
          <Progress
            percent={progress.percent}
            status={progress.failed ? 'exception' : progress.percent === 100 ? 'success' : 'active'}
            aria-label={t('lightapps.upload')}
          />
          {progress.failed && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('lightapps.uploadFailed', { message: progress.failed })}
            />
          )}
        </div>
      )}
    </div>
  );
}
