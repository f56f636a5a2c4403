import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { SESSION_QUERY_KEY } from './session';

/**
 * One QueryClient for the app. A 4xx is never retried (asking again gives the same answer); a
 * network error or 5xx is retried once. A 401 anywhere means the session ended: the session query
 * becomes null and the shell sends the user to the login page (a mutation with
 * `meta: { keepSessionOn401: true }` is exempt, for an endpoint whose 401 means something else).
 */
export function createQueryClient(): QueryClient {
  let client: QueryClient;
  const onError = (error: unknown, queryKey?: readonly unknown[]) => {
    if (!(error instanceof ApiError) || error.status !== 401) return;
    if (queryKey && queryKey[0] === SESSION_QUERY_KEY[0] && queryKey[1] === SESSION_QUERY_KEY[1]) return;
    if (client.getQueryData(SESSION_QUERY_KEY)) client.setQueryData(SESSION_QUERY_KEY, null);
  };
  client = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // a wrong password (login form, change password) is a 401 too, and says nothing about the session
        if (mutation.options.mutationKey?.[0] === 'login' || mutation.meta?.keepSessionOn401) return;
        onError(error);
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 1,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
