import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A cursor-paginated list (the API's `{ items, nextCursor }` pages) for an antd Table:
 *
 *   const list = useCursorList({
 *     queryKey: ['customers', filters],                     // filters in the key: a change restarts at page 1
 *     fetchPage: ({ cursor, limit }) => api.get<CustomerPage>('/customers', { ...filters, cursor, limit }),
 *   });
 *   <Table rowKey="id" columns={columns} {...list.tableProps} />
 *   <LoadMore list={list} />
 *
 * Pages are appended ("load more"), so keyboard and scroll position stay where they were.
 */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UseCursorListOptions<T> {
  queryKey: QueryKey;
  fetchPage: (page: { cursor?: string; limit: number }) => Promise<CursorPage<T>>;
  /** rows per request (default 50, the server allows up to 500) */
  pageSize?: number;
  enabled?: boolean;
}

export interface CursorList<T> {
  /** every row loaded so far, in order */
  items: T[];
  hasMore: boolean;
  loadMore: () => void;
  /** first page loading */
  isLoading: boolean;
  isFetchingMore: boolean;
  /** any request in flight (first page, next page or refetch) */
  isFetching: boolean;
  error: unknown;
  /** reload from the first page (after a create/edit) */
  refetch: () => void;
  /** spread into <Table>: dataSource, loading, pagination={false} */
  tableProps: { dataSource: T[]; loading: boolean; pagination: false };
}

export function useCursorList<T>({ queryKey, fetchPage, pageSize = 50, enabled = true }: UseCursorListOptions<T>): CursorList<T> {
  const query = useInfiniteQuery({
    queryKey: [...queryKey, { pageSize }],
    queryFn: ({ pageParam }) => fetchPage({ cursor: pageParam ?? undefined, limit: pageSize }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: CursorPage<T>) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage, refetch } = query;
  return {
    items,
    hasMore: !!hasNextPage,
    loadMore: () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    isLoading: query.isLoading,
    isFetchingMore: isFetchingNextPage,
    isFetching: query.isFetching,
    error: query.error,
    refetch: () => void refetch(),
    tableProps: { dataSource: items, loading: query.isLoading || (query.isFetching && !isFetchingNextPage), pagination: false },
  };
}

/** The footer under a cursor list: how many rows are loaded and a 加载更多 button while there are more. */
export function LoadMore<T>({ list }: { list: CursorList<T> }) {
  const { t } = useTranslation();
  if (list.isLoading) return null;
  return (
    <Space style={{ width: '100%', justifyContent: 'center', marginTop: 16 }}>
      <Typography.Text type="secondary">
        {list.hasMore
          ? t('common:list.loaded', { count: list.items.length })
          : t('common:list.allLoaded', { count: list.items.length })}
      </Typography.Text>
      {list.hasMore && (
        <Button onClick={list.loadMore} loading={list.isFetchingMore}>
          {t('common:button.loadMore')}
        </Button>
      )}
    </Space>
  );
}
