import { BerthApiError } from '@berth/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { isSignedOut } from './api/problem.js';
import './i18n/index.js';
import { router } from './routes.js';
import { usePrefersReducedMotion } from './shell/reduced-motion.js';
import { meQueryKey, SessionProvider } from './shell/session.js';
import './styles.css';

/**
 * A session that ends while a page is open (it expired, or was signed out elsewhere)
 * shows up as a 401 on whatever the page asked next: ask /me again, so the console shows
 * the sign-in form instead of an error, and the page comes back after signing in.
 */
function sessionMayHaveEnded(error: unknown) {
  if (isSignedOut(error)) void queries.invalidateQueries({ queryKey: meQueryKey });
}

const queries: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // /me itself is how the session is read: its 401 is the signed-out state.
    onError: (error, query) => query.queryKey[0] !== meQueryKey[0] && sessionMayHaveEnded(error),
  }),
  mutationCache: new MutationCache({ onError: sessionMayHaveEnded }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: true,
      staleTime: 5_000,
      // A refusal will not change by asking again; a dropped connection may.
      retry: (count, error) =>
        count < 2 && (!(error instanceof BerthApiError) || error.status >= 500),
    },
  },
});

function Root() {
  const { i18n } = useTranslation();
  const reducedMotion = usePrefersReducedMotion();
  return (
    // No space inserted between two Chinese characters of a button (登录, not 登 录):
    // the label reads as written and matches the translation.
    <ConfigProvider
      locale={i18n.language === 'zh' ? zhCN : enUS}
      button={{ autoInsertSpace: false }}
      theme={{ token: { motion: !reducedMotion } }}
    >
      <AntApp>
        <QueryClientProvider client={queries}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
