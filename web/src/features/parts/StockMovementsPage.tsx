import type { TableColumnsType } from 'antd';
import { DatePicker, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs, formatDateTime, getCompanyTimeZone } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import {
  MOVEMENT_KINDS,
  partsKeys,
  REFERENCE_TYPES,
  type StockMovement,
  type StockMovementKind,
  type StockMovementPage,
  type StockReferenceType,
} from './api';
import { LocationSelect, PartSelect } from './pickers';

const KIND_COLORS: Record<StockMovementKind, string> = {
  receive: 'green',
  transfer_out: 'orange',
  transfer_in: 'cyan',
  reserve: 'purple',
  release: 'default',
  issue: 'blue',
  return: 'geekblue',
  adjust: 'gold',
  count_adjust: 'gold',
};

/** A company calendar date → the instant its day starts (in the company time zone), as ISO. */
function startOfCompanyDay(date: string): string {
  return dayjs.tz(`${date} 00:00`, getCompanyTimeZone()).toISOString();
}

/** 出入库记录: the ledger, newest first, with filters by part, location, kind, reference and date. */
export function StockMovementsPage() {
  const { t } = useTranslation('parts');
  const [params, setParams] = useSearchParams();
  const partId = params.get('partId') ?? undefined;
  const locationId = params.get('locationId') ?? undefined;
  const kind = (params.get('kind') as StockMovementKind | null) ?? undefined;
  const referenceType = (params.get('referenceType') as StockReferenceType | null) ?? undefined;
  const referenceId = params.get('referenceId') ?? undefined;
  const fromDate = params.get('from') ?? undefined;
  const toDate = params.get('to') ?? undefined;

  const setParam = (entries: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(entries)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const filters = {
    partId,
    locationId,
    kind,
    referenceType,
    referenceId,
    from: fromDate ? startOfCompanyDay(fromDate) : undefined,
    // the whole end day: up to the start of the next one
    to: toDate ? startOfCompanyDay(dayjs(toDate).add(1, 'day').format('YYYY-MM-DD')) : undefined,
  };
  const list = useCursorList<StockMovement>({
    queryKey: [...partsKeys.movements, filters],
    fetchPage: ({ cursor, limit }) => api.get<StockMovementPage>('/stock-movements', { ...filters, cursor, limit }),
  });

  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

  const columns: TableColumnsType<StockMovement> = [
    { title: t('movement.at'), dataIndex: 'at', key: 'at', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('movement.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (v: StockMovementKind) => <Tag color={KIND_COLORS[v]}>{t(`movementKind.${v}`)}</Tag>,
    },
    { title: t('stock.location'), dataIndex: 'locationName', key: 'location', width: 130 },
    { title: t('part.code'), dataIndex: 'partCode', key: 'partCode', width: 130 },
    { title: t('part.name'), dataIndex: 'partName', key: 'partName', width: 150, ellipsis: true },
    {
      title: t('movement.quantity'),
      dataIndex: 'quantity',
      key: 'quantity',
      width: 90,
      align: 'right',
      render: (v: number, m: StockMovement) =>
        v === 0 ? (
          '0'
        ) : (
          <Typography.Text type={v < 0 ? 'danger' : 'success'}>
            {signed(v)} {m.unitOfMeasure}
          </Typography.Text>
        ),
    },
    {
      title: t('movement.reservedDelta'),
      dataIndex: 'reservedDelta',
      key: 'reservedDelta',
      width: 90,
      align: 'right',
      render: (v: number) => (v === 0 ? '—' : signed(v)),
    },
    { title: t('movement.onHandAfter'), dataIndex: 'onHandAfter', key: 'onHandAfter', width: 80, align: 'right' },
    {
      title: t('movement.reference'),
      key: 'reference',
      width: 170,
      render: (_: unknown, m: StockMovement) =>
        m.reference ? (
          <span>
            {t(`referenceType.${m.reference.type}`)}：{m.reference.id}
          </span>
        ) : m.transferId ? (
          t('movement.transfer')
        ) : (
          '—'
        ),
    },
    {
      title: t('movement.reason'),
      key: 'reason',
      ellipsis: true,
      render: (_: unknown, m: StockMovement) => [m.reason, m.supplier].filter(Boolean).join(' · ') || '—',
    },
    { title: t('movement.actor'), dataIndex: 'actorName', key: 'actor', width: 110 },
  ];

  const range: [Dayjs, Dayjs] | null = fromDate && toDate ? [dayjs(fromDate), dayjs(toDate)] : null;

  return (
    <>
      <PageHeader title={t('movement.title')} />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label={t('movement.title')}>
        <PartSelect
          value={partId}
          onChange={(v) => setParam({ partId: v })}
          style={{ width: 240 }}
          aria-label={t('part.select')}
        />
        <LocationSelect
          value={locationId}
          allowClear
          placeholder={t('location.all')}
          aria-label={t('stock.location')}
          style={{ width: 200 }}
          onChange={(v) => setParam({ locationId: v })}
        />
        <Select<StockMovementKind>
          value={kind}
          allowClear
          placeholder={t('movement.allKinds')}
          aria-label={t('movement.kind')}
          style={{ width: 140 }}
          options={MOVEMENT_KINDS.map((k) => ({ value: k, label: t(`movementKind.${k}`) }))}
          onChange={(v) => setParam({ kind: v })}
        />
        <Space.Compact>
          <Select<StockReferenceType>
            value={referenceType}
            allowClear
            placeholder={t('movement.referenceType')}
            aria-label={t('movement.referenceType')}
            style={{ width: 130 }}
            options={REFERENCE_TYPES.map((r) => ({ value: r, label: t(`referenceType.${r}`) }))}
            onChange={(v) => setParam({ referenceType: v })}
          />
          <Input.Search
            defaultValue={referenceId}
            allowClear
            placeholder={t('movement.referenceId')}
            aria-label={t('movement.referenceId')}
            style={{ width: 200 }}
            onSearch={(v) => setParam({ referenceId: v.trim() || undefined })}
          />
        </Space.Compact>
        <DatePicker.RangePicker
          value={range}
          aria-label={t('movement.dateRange')}
          onChange={(values) =>
            setParam({
              from: values?.[0] ? values[0].format('YYYY-MM-DD') : undefined,
              to: values?.[1] ? values[1].format('YYYY-MM-DD') : undefined,
            })
          }
        />
      </Flex>
      <ApiErrorAlert error={list.error} ns="parts" onReload={list.refetch} retry />
      <Table<StockMovement>
        rowKey="id"
        size="middle"
        columns={columns}
        {...list.tableProps}
        scroll={{ x: 1400 }}
        locale={{ emptyText: t('movement.empty') }}
      />
      <LoadMore list={list} />
    </>
  );
}
