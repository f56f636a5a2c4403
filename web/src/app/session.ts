import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CurrentUser } from '../../../contracts/auth';
import { ApiError, api } from '../api/client';

/**
 * The logged-in user, from GET /api/v1/auth/me (null when nobody is logged in). The app shell
 * redirects to /login when it is null; any 401 from any request sets it to null (session expired).
 */
export type { CurrentUser };

export const SESSION_QUERY_KEY = ['auth', 'me'] as const;

export async function fetchCurrentUser(): Promise<CurrentUser | null> {
  try {
    return await api.get<CurrentUser>('/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  const query = useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: fetchCurrentUser,
    staleTime: 5 * 60_000,
    retry: false,
  });
  return { user: query.data, isLoading: query.isLoading, error: query.error, refetch: query.refetch };
}

/** The logged-in user; only inside the authenticated shell (pages of features). */
export function useCurrentUser(): CurrentUser {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser() used outside the authenticated app shell');
  return user;
}

/** Does a user hold a permission? Undefined permission = everyone logged in. */
export function hasPermission(user: Pick<CurrentUser, 'permissions'> | null | undefined, permission?: string): boolean {
  if (!permission) return !!user;
  return !!user?.permissions.includes(permission);
}

/** `const can = useCan(); can('customer.write') && <Button>新建</Button>` — hides what the server would refuse. */
export function useCan(): (permission?: string) => boolean {
  const { user } = useSession();
  return useCallback((permission?: string) => hasPermission(user, permission), [user]);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['login'],
    mutationFn: (input: { username: string; password: string }) => api.post<CurrentUser>('/auth/login', input),
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/auth/logout'),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
    },
  });
}

/** Where to go after logging in: only paths inside this app (no //evil.example, no /login loop). */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/login/')) return '/';
  return raw;
}

export function loginPathFor(location: { pathname: string; search?: string; hash?: string }): string {
  const here = `${location.pathname}${location.search ?? ''}${location.hash ?? ''}`;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
