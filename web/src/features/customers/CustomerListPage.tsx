import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Button, Card, Checkbox, Flex, Input, Select, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/session';
import { ApiErrorAlert } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { CUSTOMER_CLASSES, CUSTOMER_KINDS, type Customer, type CustomerPage, cleanQuery, customerKeys } from './api';
import { ImportModal } from './ImportModal';
import { CustomerFlags, CustomerLookupBox, RegionPicker, useDebounced } from './parts';

type FlagFilter = '' | 'keyAccount' | 'veryLargeAccount' | 'vip';
const SORTS = ['name', 'code', '-createdAt'] as const;

/** 顾客档案: find a caller as you type, filter and browse the list, import and export. */
export function CustomerListPage() {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const can = useCan();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [keyword, setKeyword] = useState(params.get('q') ?? '');
  const q = useDebounced(keyword, 300);
  const [importOpen, setImportOpen] = useState(false);

  const filters = {
    q,
    kind: params.get('kind') ?? '',
    class: params.get('class') ?? '',
    flag: (params.get('flag') ?? '') as FlagFilter,
    regionId: params.get('regionId') ?? '',
    status: params.get('status') ?? 'active',
    mine: params.get('mine') === '1',
    sort: params.get('sort') ?? 'name',
  };
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const query = cleanQuery({
    q: filters.q.trim(),
    kind: filters.kind,
    class: filters.class,
    regionId: filters.regionId,
    status: filters.status,
    ownerUserId: filters.mine ? user.id : '',
    sort: filters.sort,
    ...(filters.flag ? { [filters.flag]: 'true' } : {}),
  });
  const list = useCursorList<Customer>({
    queryKey: customerKeys.list(query),
    fetchPage: ({ cursor, limit }) => api.get<CustomerPage>('/customers', { ...query, cursor, limit }),
  });

  const columns: TableColumnsType<Customer> = useMemo(
    () => [
      { title: t('field.code'), dataIndex: 'code', width: 150 },
      {
        title: t('field.name'),
        dataIndex: 'name',
        render: (name: string, c) => (
          <Flex gap={4} wrap align="center">
            <Link to={`/customers/${c.id}`}>{name}</Link>
            <CustomerFlags customer={c} />
          </Flex>
        ),
      },
      { title: t('field.kind'), dataIndex: 'kind', width: 80, render: (k: Customer['kind']) => t(`kind.${k}`) },
      { title: t('field.class'), dataIndex: 'class', width: 80, render: (c: Customer['class']) => t(`class.${c}`) },
      { title: t('field.owner'), dataIndex: 'ownerName', width: 120, render: (v: string | null) => v ?? '—' },
      { title: t('field.region'), dataIndex: 'regionName', width: 100, render: (v: string | null) => v ?? '—' },
      { title: t('field.transactionCount'), dataIndex: 'transactionCount', width: 90, align: 'right' },
      { title: t('field.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    ],
    [t],
  );

  return (
    <>
      <PageHeader
        title={t('list.title')}
        extra={
          <>
            {can('customer.import') && (
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('import.button')}
              </Button>
            )}
            {can('customer.export') && (
              <Button icon={<DownloadOutlined />} href={api.url('/customers/export.xlsx', query)} download>
                {t('export.button')}
              </Button>
            )}
            {can('customer.write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/customers/new')}
                data-testid="new-customer"
              >
                {t('menu.newCustomer')}
              </Button>
            )}
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <CustomerLookupBox autoFocus onPick={(item) => navigate(`/customers/${item.customer.id}`)} />
      </Card>
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            style={{ width: 240 }}
            placeholder={t('list.keyword')}
            aria-label={t('list.keyword')}
            value={keyword}
            onChange={(e) => {
              setKeyword(e.target.value);
              setFilter('q', e.target.value);
            }}
          />
          <Select
            style={{ width: 120 }}
            value={filters.kind}
            onChange={(v) => setFilter('kind', v)}
            options={[
              { value: '', label: t('list.anyKind') },
              ...CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
            ]}
            aria-label={t('field.kind')}
          />
          <Select
            style={{ width: 120 }}
            value={filters.class}
            onChange={(v) => setFilter('class', v)}
            options={[
              { value: '', label: t('list.anyClass') },
              ...CUSTOMER_CLASSES.map((c) => ({ value: c, label: t(`class.${c}`) })),
            ]}
            aria-label={t('field.class')}
          />
          <Select
            style={{ width: 140 }}
            value={filters.flag}
            onChange={(v) => setFilter('flag', v)}
            options={[
              { value: '', label: t('list.anyFlag') },
              ...(['vip', 'keyAccount', 'veryLargeAccount'] as const).map((f) => ({ value: f, label: t(`flag.${f}`) })),
            ]}
            aria-label={t('field.flags')}
          />
          <RegionPicker
            style={{ width: 140 }}
            placeholder={t('list.anyRegion')}
            value={filters.regionId || null}
            onChange={(v) => setFilter('regionId', v)}
          />
          <Select
            style={{ width: 110 }}
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            options={(['active', 'archived', 'all'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
            aria-label={t('field.status')}
          />
          <Select
            style={{ width: 180 }}
            value={filters.sort}
            onChange={(v) => setFilter('sort', v)}
            options={SORTS.map((s) => ({ value: s, label: t(`list.sort.${s}`) }))}
            aria-label={t('list.sortBy')}
          />
          <Checkbox checked={filters.mine} onChange={(e) => setFilter('mine', e.target.checked ? '1' : null)}>
            {t('list.mine')}
          </Checkbox>
        </Flex>
        <ApiErrorAlert error={list.error} ns="customers" onReload={list.refetch} retry />
        <Table<Customer> rowKey="id" columns={columns} size="middle" scroll={{ x: 900 }} {...list.tableProps} />
        <LoadMore list={list} />
      </Card>
      <ImportModal
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={() => {
          setImportOpen(false);
          void queryClient.invalidateQueries({ queryKey: customerKeys.all });
          void queryClient.invalidateQueries({ queryKey: customerKeys.units });
          void queryClient.invalidateQueries({ queryKey: customerKeys.orders });
        }}
      />
    </>
  );
}
