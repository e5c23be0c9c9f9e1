import { Result, Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { describeProblem } from './api/problem.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { AppShell } from './shell/AppShell.js';
import { RouteError } from './shell/RouteError.js';
import { useSession } from './shell/session.js';

// Each area is its own chunk: the first page loads only the shell and the page it shows.
const AppsArea = lazy(() => import('./areas/apps/AppsArea.js'));
const ClustersArea = lazy(() => import('./areas/clusters/ClustersArea.js'));
const InstancesArea = lazy(() => import('./areas/instances/InstancesArea.js'));
const LightAppsArea = lazy(() => import('./areas/lightapps/LightAppsArea.js'));
const AuditArea = lazy(() => import('./areas/admin/AuditArea.js'));
const TokensArea = lazy(() => import('./areas/admin/TokensArea.js'));

function Loading() {
  const { t } = useTranslation();
  return <Spin tip={t('common.loading')} fullscreen={false} style={{ margin: 48 }} />;
}

const paged = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

/** Signed-out, forced-change and unreachable states come before any page. */
function Gate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  switch (session.state) {
    case 'loading':
      return <Loading />;
    case 'signed-out':
      return <SignInPage />;
    case 'must-change-password':
      return <ChangePasswordPage />;
    case 'unreachable':
      return (
        <Result
          status="warning"
          title={t('errors.network')}
          subTitle={describeProblem(session.error)}
        />
      );
    case 'signed-in':
      return <>{children}</>;
  }
}

/** `/` goes to the first account's apps; a user in no account is told what to do. */
function Home() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.state !== 'signed-in') return null;
  const first = session.me.accounts[0];
  if (!first) return <Result status="info" title={t('shell.noAccount')} />;
  return <Navigate to={`/a/${first.name}/apps`} replace />;
}

const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        path: '/',
        element: (
          <Gate>
            <Home />
          </Gate>
        ),
      },
      {
        path: '/a/:account',
        element: (
          <Gate>
            <AppShell />
          </Gate>
        ),
        children: [
          { index: true, element: <Navigate to="apps" replace /> },
          { path: 'apps/*', element: paged(<AppsArea />) },
          { path: 'clusters/*', element: paged(<ClustersArea />) },
          { path: 'instances/*', element: paged(<InstancesArea />) },
          { path: 'lightapps/*', element: paged(<LightAppsArea />) },
          { path: 'audit/*', element: paged(<AuditArea />) },
          { path: 'tokens/*', element: paged(<TokensArea />) },
        ],
      },
      {
        path: '*',
        element: (
          <Gate>
            <Home />
          </Gate>
        ),
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
