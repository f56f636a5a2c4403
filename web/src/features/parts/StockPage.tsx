import { DownloadOutlined, ImportOutlined, SwapOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType, TableProps } from 'antd';
import { Alert, Button, Flex, Input, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { partsKeys, type StockLevel, type StockLevelPage } from './api';
import { LocationSelect } from './pickers';
import { sortOrderOf } from './SparePartsPage';
import { AdjustDialog, MinimumDialog, ReceiveDialog, TransferDialog } from './StockDialogs';

type Dialog =
  | { kind: 'receive' }
  | { kind: 'transfer' }
  | { kind: 'adjust'; level: StockLevel | null }
  | { kind: 'minimum'; level: StockLevel };

const LOW_ROW_STYLE = { background: '#fff1f0' };

/** 库存: stock per location and part, low stock highlighted; 入库, 调拨, 调整, 最低库存, 导出. */
export function StockPage() {
  const { t } = useTranslation('parts');
  const can = useCan();
  const canWrite = can('parts.write');
  const canAdjust = can('parts.adjust');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const locationId = params.get('locationId') ?? undefined;
  const lowOnly = params.get('lowOnly') === 'true';
  const nonZero = params.get('nonZero') === 'true';
  const [sort, setSort] = useState('partCode');
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const filters = {
    q: q || undefined,
    locationId,
    lowOnly: lowOnly ? 'true' : undefined,
    nonZero: nonZero ? 'true' : undefined,
    sort,
  };
  const list = useCursorList<StockLevel>({
    queryKey: [...partsKeys.levels, filters],
    fetchPage: ({ cursor, limit }) => api.get<StockLevelPage>('/stock-levels', { ...filters, cursor, limit }),
  });
  const lowCount = useQuery({
    queryKey: [...partsKeys.levels, 'low-count', locationId],
    queryFn: () => api.get<StockLevelPage>('/parts/low-stock', { locationId, limit: 100 }),
    enabled: !lowOnly,
  });

  const refresh = () => {
    setDialog(null);
    void queryClient.invalidateQueries({ queryKey: partsKeys.levels });
    void queryClient.invalidateQueries({ queryKey: partsKeys.parts });
    void queryClient.invalidateQueries({ queryKey: partsKeys.movements });
  };

  const columns: TableColumnsType<StockLevel> = [
    {
      title: t('stock.location'),
      key: 'locationCode',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'locationCode'),
      width: 160,
      render: (_: unknown, l: StockLevel) => (
        <Space size={4}>
          <span>{l.locationName}</span>
          <Tag>{t(`kind.${l.locationKind}`)}</Tag>
        </Space>
      ),
    },
    {
      title: t('part.code'),
      dataIndex: 'partCode',
      key: 'partCode',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'partCode'),
      width: 140,
    },
    {
      title: t('part.name'),
      dataIndex: 'partName',
      key: 'partName',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'partName'),
      width: 160,
    },
    {
      title: t('stock.onHand'),
      dataIndex: 'onHand',
      key: 'onHand',
      width: 90,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'onHand'),
    },
    { title: t('stock.reserved'), dataIndex: 'reserved', key: 'reserved', width: 80, align: 'right' },
    {
      title: t('stock.available'),
      dataIndex: 'available',
      key: 'available',
      width: 90,
      align: 'right',
      render: (v: number, l: StockLevel) =>
        l.low ? (
          <Typography.Text type="danger" strong>
            {v}
          </Typography.Text>
        ) : (
          v
        ),
    },
    {
      title: t('stock.threshold'),
      key: 'threshold',
      width: 90,
      align: 'right',
      render: (_: unknown, l: StockLevel) =>
        l.threshold === null ? (
          '—'
        ) : (
          <Tooltip title={l.minQuantity !== null ? t('stock.ownMinimum') : undefined}>
            <span>
              {l.threshold}
              {l.minQuantity !== null ? ' *' : ''}
            </span>
          </Tooltip>
        ),
    },
    {
      title: t('stock.status'),
      key: 'status',
      width: 170,
      render: (_: unknown, l: StockLevel) =>
        l.low ? (
          <Tag color="red" icon={<WarningOutlined />}>
            {t('stock.low')}（{t('stock.shortage', { count: l.shortage })}）
          </Tag>
        ) : (
          <Tag color="green">{t('stock.normal')}</Tag>
        ),
    },
    {
      title: t('part.specification'),
      dataIndex: 'specification',
      key: 'spec',
      width: 160,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('part.unit'), dataIndex: 'unitOfMeasure', key: 'unit', width: 60 },
    ...(canWrite || canAdjust
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, level: StockLevel) => (
              <Space size={0}>
                {canAdjust && (
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'adjust', level })}>
                    {t('stock.adjust')}
                  </Button>
                )}
                {canWrite && (
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'minimum', level })}>
                    {t('stock.setMinimum')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const onTableChange: TableProps<StockLevel>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s?.order || !s.columnKey) setSort('partCode');
    else setSort(`${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
  };

  const exportUrl = api.url('/stock-levels/export', {
    q: q || undefined,
    locationId,
    lowOnly: lowOnly ? 'true' : undefined,
    nonZero: nonZero ? 'true' : undefined,
  });
  const lowTotal = lowCount.data?.items.length ?? 0;
  const lowText = `${lowTotal}${lowCount.data?.nextCursor ? '+' : ''}`;

  return (
    <>
      <PageHeader
        title={t('stock.title')}
        extra={
          <>
            {canWrite && (
              <Button type="primary" icon={<ImportOutlined />} onClick={() => setDialog({ kind: 'receive' })}>
                {t('stock.receive')}
              </Button>
            )}
            {canWrite && (
              <Button icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'transfer' })}>
                {t('stock.transfer')}
              </Button>
            )}
            {canAdjust && <Button onClick={() => setDialog({ kind: 'adjust', level: null })}>{t('stock.adjust')}</Button>}
            <Button icon={<DownloadOutlined />} href={exportUrl}>
              {t('stock.export')}
            </Button>
          </>
        }
      />
      {!lowOnly && lowTotal > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('stock.lowSummary', { n: lowText })}
          action={
            <Button size="small" onClick={() => setParam('lowOnly', 'true')}>
              {t('stock.lowOnly')}
            </Button>
          }
        />
      )}
      <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }} role="search" aria-label={t('stock.searchPlaceholder')}>
        <LocationSelect
          value={locationId}
          allowClear
          placeholder={t('location.all')}
          aria-label={t('stock.location')}
          style={{ width: 240 }}
          onChange={(value) => setParam('locationId', value)}
        />
        <Input.Search
          defaultValue={q}
          allowClear
          placeholder={t('stock.searchPlaceholder')}
          aria-label={t('stock.searchPlaceholder')}
          style={{ width: 260 }}
          onSearch={(value) => setParam('q', value.trim() || undefined)}
        />
        <Space>
          <Switch
            checked={lowOnly}
            onChange={(v) => setParam('lowOnly', v ? 'true' : undefined)}
            aria-label={t('stock.lowOnly')}
          />
          <span>{t('stock.lowOnly')}</span>
        </Space>
        <Space>
          <Switch
            checked={nonZero}
            onChange={(v) => setParam('nonZero', v ? 'true' : undefined)}
            aria-label={t('stock.nonZero')}
          />
          <span>{t('stock.nonZero')}</span>
        </Space>
      </Flex>
      <ApiErrorAlert error={list.error} ns="parts" onReload={list.refetch} retry />
      <Table<StockLevel>
        rowKey="id"
        size="middle"
        columns={columns}
        {...list.tableProps}
        onChange={onTableChange}
        onRow={(level) => (level.low ? ({ style: LOW_ROW_STYLE, 'data-low': 'true' } as React.HTMLAttributes<HTMLElement>) : {})}
        scroll={{ x: 1400 }}
        locale={{ emptyText: t('stock.empty') }}
      />
      <LoadMore list={list} />
      <ReceiveDialog open={dialog?.kind === 'receive'} locationId={locationId} onClose={() => setDialog(null)} onDone={refresh} />
      <TransferDialog
        open={dialog?.kind === 'transfer'}
        fromLocationId={locationId}
        onClose={() => setDialog(null)}
        onDone={refresh}
      />
      <AdjustDialog
        open={dialog?.kind === 'adjust'}
        level={dialog?.kind === 'adjust' ? dialog.level : null}
        onClose={() => setDialog(null)}
        onDone={refresh}
      />
      <MinimumDialog
        open={dialog?.kind === 'minimum'}
        level={dialog?.kind === 'minimum' ? dialog.level : null}
        onClose={() => setDialog(null)}
        onSaved={refresh}
      />
    </>
  );
}
