import { type BerthClient, createClient } from '@berth/client';
import { useMemo } from 'react';
import { useParams } from 'react-router';

/**
 * A client of the API this console was served by. The session rides in the HttpOnly
 * cookie that login sets, so no token is ever held in JavaScript.
 */
export function apiClient(account?: string): BerthClient {
  return createClient({ server: window.location.origin, account });
}

/** The client acting in the account named by the URL (`/a/:account/…`). */
export function useApi(): BerthClient {
  const { account } = useParams();
  return useMemo(() => apiClient(account), [account]);
}

/** The account the URL names; pages under `/a/:account` always have one. */
export function useAccount(): string {
  const { account } = useParams();
  if (!account) throw new Error('useAccount() used outside /a/:account');
  return account;
}
