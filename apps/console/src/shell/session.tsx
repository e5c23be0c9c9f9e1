import type { MeResponse } from '@berth/spec';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { apiClient } from '../api/client.js';
import { isSignedOut, mustChangePassword } from '../api/problem.js';

export type Session =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'must-change-password' }
  | { state: 'signed-in'; me: MeResponse }
  | { state: 'unreachable'; error: unknown };

const SessionContext = createContext<Session>({ state: 'loading' });

export const meQueryKey = ['me'] as const;

/** Who is signed in, from `GET /me`; 401 and the forced password change are states, not errors. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const me = useQuery({
    queryKey: meQueryKey,
    queryFn: () => apiClient().me(),
    retry: (count, error) => !isSignedOut(error) && !mustChangePassword(error) && count < 2,
    staleTime: 60_000,
  });
  let session: Session;
  if (me.isPending) session = { state: 'loading' };
  else if (me.isSuccess) session = { state: 'signed-in', me: me.data };
  else if (mustChangePassword(me.error)) session = { state: 'must-change-password' };
  else if (isSignedOut(me.error)) session = { state: 'signed-out' };
  else session = { state: 'unreachable', error: me.error };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

/** Call after sign-in, sign-out or a password change: everything cached belonged to the old session. */
export function useSessionChanged(): () => Promise<void> {
  const queries = useQueryClient();
  return async () => {
    queries.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    await queries.invalidateQueries({ queryKey: meQueryKey });
  };
}
