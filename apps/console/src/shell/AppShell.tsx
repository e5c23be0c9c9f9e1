import {
  AppstoreOutlined,
  AuditOutlined,
  ClusterOutlined,
  CodeOutlined,
  DeploymentUnitOutlined,
  KeyOutlined,
  LogoutOutlined,
} from '@ant-design/icons';
import { App, Button, Layout, Menu, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { apiClient } from '../api/client.js';
import { isSignedOut } from '../api/problem.js';
import { AccountSwitcher } from './AccountSwitcher.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { useSession, useSessionChanged } from './session.js';

const areas = [
  { key: 'apps', icon: <AppstoreOutlined /> },
  { key: 'clusters', icon: <ClusterOutlined /> },
  { key: 'instances', icon: <DeploymentUnitOutlined /> },
  { key: 'lightapps', icon: <CodeOutlined /> },
  { key: 'audit', icon: <AuditOutlined /> },
  { key: 'tokens', icon: <KeyOutlined /> },
] as const;

/** Navigation by area on the left; account, language and the user at the top. */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const { account } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const { message } = App.useApp();
  const area = location.pathname.split('/')[3] || 'apps';
  const areaKnown = areas.some((a) => a.key === area);
  useEffect(() => {
    document.title = areaKnown ? `${t(`nav.${area}`)} · ${account} · Berth` : 'Berth';
  }, [t, area, areaKnown, account]);
  if (session.state !== 'signed-in' || !account) return null;
  const signOut = async () => {
    try {
      await apiClient().auth.logout();
    } catch (error) {
      // A session that is over already is as good as signed out; anything else is not.
      if (!isSignedOut(error)) {
        void message.error(t('shell.signOutFailed'));
        return;
      }
    }
    await sessionChanged();
    navigate('/');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={56}
        theme="light"
        width={200}
        className="berth-sider"
      >
        <div className="berth-logo">
          <Link to={`/a/${account}/apps`}>{t('app.name')}</Link>
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            mode="inline"
            style={{ borderInlineEnd: 'none' }}
            selectedKeys={[area]}
            items={areas.map(({ key, icon }) => ({
              key,
              icon,
              label: <Link to={`/a/${account}/${key}`}>{t(`nav.${key}`)}</Link>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="berth-header">
          <Space>
            <Typography.Text type="secondary">{t('shell.account')}</Typography.Text>
            <AccountSwitcher
              me={session.me}
              account={account}
              // The same area in the other account: its pages' ids mean nothing there.
              onChange={(next) => navigate(`/a/${next}/${areaKnown ? area : 'apps'}`)}
            />
          </Space>
          <Space>
            <LanguageSwitch />
            <Typography.Text className="berth-user">
              {t('shell.signedInAs', { user: session.me.user.username })}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              {t('shell.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="berth-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
