import type { TableColumnsType } from 'antd';
import { Card, DatePicker, Flex, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs, formatMoneyFen } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { cleanQuery, customerKeys, type Order, type OrderPage } from './api';
import { useDebounced } from './parts';

const STATUSES = ['open', 'completed', 'cancelled'] as const;

/** 销售订单: orders of all customers by date, number and status (R-CUS-4). */
export function OrderListPage() {
  const { t } = useTranslation('customers');
  const [params, setParams] = useSearchParams();
  const [number, setNumber] = useState(params.get('q') ?? '');
  const q = useDebounced(number, 250);
  const setFilter = (entries: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(entries)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const query = cleanQuery({
    q: q.trim(),
    customerId: params.get('customerId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    status: params.get('status') ?? '',
  });
  const list = useCursorList<Order>({
    queryKey: [...customerKeys.orders, 'list', query],
    fetchPage: ({ cursor, limit }) => api.get<OrderPage>('/orders', { ...query, cursor, limit }),
  });
  const columns: TableColumnsType<Order> = [
    { title: t('field.orderNumber'), dataIndex: 'orderNumber', width: 160 },
    { title: t('field.orderDate'), dataIndex: 'orderDate', width: 110 },
    {
      title: t('field.customer'),
      key: 'customer',
      render: (_: unknown, o) => <Link to={`/customers/${o.customer.id}`}>{o.customer.name}</Link>,
    },
    { title: t('field.orderKind'), dataIndex: 'kind', width: 80, render: (k: Order['kind']) => t(`orderKind.${k}`) },
    { title: t('field.contractNumber'), dataIndex: 'contractNumber', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('field.total'), dataIndex: 'totalFen', width: 130, align: 'right', render: (v: number) => formatMoneyFen(v) },
    {
      title: t('field.orderStatus'),
      dataIndex: 'status',
      width: 90,
      render: (s: Order['status']) => (
        <Tag color={s === 'cancelled' ? 'default' : s === 'open' ? 'processing' : 'success'}>{t(`orderStatus.${s}`)}</Tag>
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('orders.title')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            style={{ width: 220 }}
            placeholder={t('orders.numberPrefix')}
            aria-label={t('orders.numberPrefix')}
            value={number}
            onChange={(e) => {
              setNumber(e.target.value);
              setFilter({ q: e.target.value });
            }}
          />
          <DatePicker.RangePicker
            aria-label={t('orders.dateRange')}
            value={[params.get('from') ? dayjs(params.get('from')) : null, params.get('to') ? dayjs(params.get('to')) : null]}
            onChange={(range) =>
              setFilter({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })
            }
          />
          <Select
            style={{ width: 130 }}
            value={params.get('status') ?? ''}
            onChange={(v) => setFilter({ status: v })}
            aria-label={t('field.orderStatus')}
            options={[
              { value: '', label: t('common:state.all') },
              ...STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) })),
            ]}
          />
        </Flex>
        <ApiErrorAlert error={list.error} ns="customers" onReload={list.refetch} retry />
        <Table<Order> rowKey="id" columns={columns} size="middle" scroll={{ x: 900 }} {...list.tableProps} />
        <LoadMore list={list} />
      </Card>
    </>
  );
}
