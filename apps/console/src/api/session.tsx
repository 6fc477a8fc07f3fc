import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiFailure, setCsrfToken, setUnauthorizedHandler } from './client';
import type { Session } from './types';

interface SessionState {
  session: Session | null;
  loading: boolean;
  signIn(key: string): Promise<void>;
  signOut(): Promise<void>;
  /** Act in another organisation (null: the session's own; for the admin key, deployment-wide). */
  switchOrganization(orgId: string | null): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const { data, isPending } = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return (await api<{ data: Session }>('/api/console/session')).data;
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
  setCsrfToken(data?.csrf_token ?? null);
  // What one signed-in user read must not show for the next one.
  const dropOtherQueries = () => client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  useEffect(() => setUnauthorizedHandler(() => client.setQueryData(['session'], null)), [client]);
  const state: SessionState = {
    session: data ?? null,
    loading: isPending,
    async signIn(key) {
      const { data: session } = await api<{ data: Session }>('/api/console/session', { method: 'POST', body: { key } });
      client.setQueryData(['session'], session);
      dropOtherQueries();
    },
    async switchOrganization(orgId) {
      const { data: session } = await api<{ data: Session }>('/api/console/session/organization', { method: 'POST', body: { org_id: orgId } });
      client.setQueryData(['session'], session);
      dropOtherQueries();
    },
    async signOut() {
      await api('/api/console/session', { method: 'DELETE' }).catch(() => undefined);
      client.setQueryData(['session'], null);
      dropOtherQueries();
    },
  };
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session (pages render only when there is one). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session;
}
