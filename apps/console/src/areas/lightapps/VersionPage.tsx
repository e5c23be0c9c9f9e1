import type { LightAppVersion } from '@berth/spec';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { describeProblem } from '../../api/problem.js';
import { ConfigForm } from './ConfigForm.js';
import { DeployLightDialog } from './DeployLightDialog.js';
import { PackageUpload } from './PackageUpload.js';

/** A version: upload its package and configure it while a draft, publish it, deploy it. */
export function VersionPage() {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  const { name = '', version = '' } = useParams();
  const [deploying, setDeploying] = useState(false);
  const [problem, setProblem] = useState<string>();
  const app = useQuery({
    queryKey: [account, 'lightapps', name],
    queryFn: () => api.lightApps.get(name),
  });
  const current = useQuery({
    queryKey: [account, 'lightapps', name, 'versions', version],
    queryFn: () => api.lightApps.getVersion(name, version),
  });
  const publish = useMutation({
    mutationFn: () => api.lightApps.publish(name, version),
    onSuccess: async () => {
      setProblem(undefined);
      message.success(t('lightapps.published', { version }));
      await queries.invalidateQueries({ queryKey: [account, 'lightapps', name] });
    },
    onError: (error) => setProblem(describeProblem(error)),
  });
  const base = `/a/${account}/lightapps`;
  const v = current.data;
  const draft = v?.state === 'draft';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Breadcrumb
        items={[
          { title: <Link to={base}>{t('lightapps.title')}</Link> },
          { title: <Link to={`${base}/${name}`}>{name}</Link> },
          { title: version },
        ]}
      />
      {current.error && <Alert type="error" showIcon title={describeProblem(current.error)} />}
      {v && app.data && (
        <>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {name} {version}
              </Typography.Title>
              <Tag
                color={draft ? 'default' : 'success'}
                data-testid="version-state"
                data-state={v.state}
              >
                {t(`lightapps.states.${v.state}`)}
              </Tag>
            </Space>
            <Space>
              {draft && (
                <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate()}>
                  {t('lightapps.publish')}
                </Button>
              )}
              {!draft && (
                <Button type="primary" onClick={() => setDeploying(true)}>
                  {t('lightapps.deploy')}
                </Button>
              )}
            </Space>
          </Space>
          {problem && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('lightapps.notPublishable')}
              description={<span style={{ whiteSpace: 'pre-wrap' }}>{problem}</span>}
            />
          )}
          <Summary version={v} />
          {!draft && <Alert type="info" showIcon title={t('lightapps.draftOnly')} />}
          {draft && (
            <Card title={t('lightapps.package')} size="small">
              <PackageUpload name={name} version={version} />
            </Card>
          )}
          <Card title={t('lightapps.config')} size="small">
            <ConfigForm
              key={`${v.version}-${v.state}`}
              version={v}
              language={app.data.language}
              disabled={!draft}
            />
          </Card>
          {deploying && (
            <DeployLightDialog
              app={app.data}
              version={version}
              onClose={() => setDeploying(false)}
            />
          )}
        </>
      )}
    </Space>
  );
}

function Summary({ version }: { version: LightAppVersion }) {
  const { t } = useTranslation();
  const pkg = version.package;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('lightapps.kind')}>
        {t(`lightapps.kinds.${version.kind}`)}
        {version.from ? ` (${t('lightapps.from')} ${version.from})` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('lightapps.package')}>
        <span data-testid="package-info">
          {pkg
            ? t('lightapps.packageInfo', {
                format: pkg.format,
                files: pkg.files,
                size: pkg.size,
                sha: pkg.sha256.slice(0, 12),
              })
            : t('lightapps.noPackage')}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}
