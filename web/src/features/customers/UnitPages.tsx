import { DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Button, Card, DatePicker, Descriptions, Empty, Flex, Input, Select, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs, formatDate, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { type CaseTypeList, caseKeys } from '../cases/api';
import { stateLabel } from '../cases/labels';
import { cleanQuery, customerKeys, UNIT_STATUSES, type Unit, type UnitDetail, type UnitPage, useUnit } from './api';
import { UnitModal } from './forms';
import { useDebounced, WarrantyTag } from './parts';

/** 产品档案: every registered unit with its warranty status; filter by serial prefix, warranty, status. */
export function UnitListPage() {
  const { t } = useTranslation('customers');
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [serial, setSerial] = useState(params.get('q') ?? '');
  const q = useDebounced(serial, 250);
  const [creating, setCreating] = useState(false);
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = cleanQuery({
    q: q.trim(),
    warranty: params.get('warranty') ?? '',
    status: params.get('status') ?? '',
    asOf: params.get('asOf') ?? '',
    customerId: params.get('customerId') ?? '',
  });
  const list = useCursorList<Unit>({
    queryKey: [...customerKeys.units, 'list', query],
    fetchPage: ({ cursor, limit }) => api.get<UnitPage>('/units', { ...query, cursor, limit }),
  });
  const columns: TableColumnsType<Unit> = [
    {
      title: t('field.serialNumber'),
      dataIndex: 'serialNumber',
      render: (s: string, u) => <Link to={`/units/${u.id}`}>{s}</Link>,
    },
    { title: t('field.product'), key: 'product', render: (_: unknown, u) => `${u.product.model} ${u.product.name}` },
    {
      title: t('field.customer'),
      key: 'customer',
      render: (_: unknown, u) => <Link to={`/customers/${u.customer.id}`}>{u.customer.name}</Link>,
    },
    { title: t('field.purchaseDate'), dataIndex: 'purchaseDate', width: 110, render: (v: string | null) => formatDate(v) },
    { title: t('field.warrantyEnd'), key: 'end', width: 110, render: (_: unknown, u) => formatDate(u.warranty.end) },
    { title: t('field.warrantyStatus'), key: 'w', width: 90, render: (_: unknown, u) => <WarrantyTag warranty={u.warranty} /> },
    { title: t('field.unitStatus'), dataIndex: 'status', width: 90, render: (s: Unit['status']) => t(`unitStatus.${s}`) },
  ];
  return (
    <>
      <PageHeader
        title={t('units.title')}
        extra={
          <>
            {can('customer.export') && (
              <Button icon={<DownloadOutlined />} href={api.url('/units/export.xlsx', query)} download>
                {t('export.button')}
              </Button>
            )}
            {can('customer.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('detail.addUnit')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            style={{ width: 240 }}
            placeholder={t('units.serialPrefix')}
            aria-label={t('units.serialPrefix')}
            value={serial}
            onChange={(e) => {
              setSerial(e.target.value);
              setFilter('q', e.target.value);
            }}
          />
          <Select
            style={{ width: 160 }}
            value={params.get('warranty') ?? ''}
            onChange={(v) => setFilter('warranty', v)}
            aria-label={t('field.warrantyStatus')}
            options={[
              { value: '', label: t('units.anyWarranty') },
              ...(['in', 'out', 'unknown'] as const).map((w) => ({ value: w, label: t(`warranty.${w}`) })),
            ]}
          />
          <DatePicker
            placeholder={t('units.asOf')}
            value={params.get('asOf') ? dayjs(params.get('asOf')) : null}
            onChange={(d) => setFilter('asOf', d ? d.format('YYYY-MM-DD') : null)}
          />
          <Select
            style={{ width: 140 }}
            value={params.get('status') ?? ''}
            onChange={(v) => setFilter('status', v)}
            aria-label={t('field.unitStatus')}
            options={[
              { value: '', label: t('units.anyStatus') },
              ...UNIT_STATUSES.map((s) => ({ value: s, label: t(`unitStatus.${s}`) })),
            ]}
          />
        </Flex>
        <ApiErrorAlert error={list.error} ns="customers" onReload={list.refetch} retry />
        <Table<Unit> rowKey="id" columns={columns} size="middle" scroll={{ x: 900 }} {...list.tableProps} />
        <LoadMore list={list} />
      </Card>
      <UnitModal
        open={creating}
        unit={null}
        onClose={() => setCreating(false)}
        onSaved={(u) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: customerKeys.units });
          void queryClient.invalidateQueries({ queryKey: customerKeys.all });
          navigate(`/units/${u.id}`);
        }}
      />
    </>
  );
}

type UnitCase = UnitDetail['cases'][number];

/**
 * 产品失败履历: every case on the unit, newest first — the number opens the case; type and state in
 * the case feature's words; opened in company time.
 */
function FailureHistory({ cases }: { cases: UnitCase[] }) {
  const { t, i18n } = useTranslation('customers');
  const can = useCan();
  // a type an administrator added has no translation: its name comes from the case types
  const custom = cases.some((c) => !t(`cases:type.${c.type}`, { defaultValue: '' }));
  const types = useQuery({
    queryKey: caseKeys.types,
    queryFn: () => api.get<CaseTypeList>('/case-types'),
    staleTime: 5 * 60_000,
    enabled: custom && can('case.read'),
  });
  const typeLabel = (code: string) => {
    const known = t(`cases:type.${code}`, { defaultValue: '' });
    if (known) return known;
    const type = types.data?.items.find((x) => x.code === code);
    if (type) return i18n.language === 'en' ? type.nameEn : type.nameZh;
    return t('units.caseTypeOther');
  };
  const columns: TableColumnsType<UnitCase> = [
    {
      title: t('units.caseNumber'),
      dataIndex: 'number',
      render: (number: string, c) => <Link to={`/cases/${c.id}`}>{number}</Link>,
    },
    { title: t('units.caseType'), dataIndex: 'type', render: (code: string) => typeLabel(code) },
    { title: t('units.caseState'), dataIndex: 'status', render: (code: string) => <Tag>{stateLabel(t, code)}</Tag> },
    { title: t('units.caseOpenedAt'), dataIndex: 'openedAt', render: (at: string) => formatDateTime(at) },
  ];
  if (cases.length === 0) return <Empty description={t('units.failureHistoryEmpty')} />;
  return (
    <Table<UnitCase>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={cases}
      pagination={cases.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      data-testid="unit-cases"
    />
  );
}

/** 设备详情: the unit, its warranty and why, and its failure history (cases). */
export function UnitDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const can = useCan();
  const queryClient = useQueryClient();
  const query = useUnit(id);
  const [editing, setEditing] = useState(false);
  const u = query.data;
  if (query.isLoading) return <Skeleton active />;
  if (!u) {
    return (
      <>
        <PageHeader title={t('units.title')} onBack={() => navigate('/units')} />
        <ApiErrorAlert error={query.error} ns="customers" onReload={() => void query.refetch()} retry />
      </>
    );
  }
  const w = u.warranty;
  return (
    <>
      <PageHeader
        title={u.serialNumber}
        subTitle={`${u.product.model} ${u.product.name}`}
        tags={<WarrantyTag warranty={w} />}
        onBack={() => navigate(-1)}
        extra={
          can('customer.write') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common:button.edit')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('field.serialNumber')}>{u.serialNumber}</Descriptions.Item>
          <Descriptions.Item label={t('field.product')}>{u.product.model}</Descriptions.Item>
          <Descriptions.Item label={t('field.productName')}>{u.product.name}</Descriptions.Item>
          <Descriptions.Item label={t('field.customer')}>
            <Link to={`/customers/${u.customer.id}`}>
              {u.customer.name}（{u.customer.code}）
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('field.purchaseDate')}>{formatDate(u.purchaseDate)}</Descriptions.Item>
          <Descriptions.Item label={t('field.contractNumber')}>{u.contractNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.order')}>{u.orderNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.installationAddress')} span={2}>
            {u.installationAddress ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.warrantyEnd')}>{formatDate(w.end)}</Descriptions.Item>
          <Descriptions.Item label={t('field.warrantyStatus')}>
            <WarrantyTag warranty={w} />
            {w.daysLeft !== null &&
              (w.daysLeft >= 0
                ? t('warranty.daysLeft', { count: w.daysLeft })
                : t('warranty.expiredDays', { count: -w.daysLeft }))}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.warrantyReason')}>
            {t(`warranty.reason.${w.reason}`, { months: w.defaultMonths, reason: w.overrideReason ?? '' })}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.unitStatus')}>{t(`unitStatus.${u.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.updatedAt')}>{formatDateTime(u.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('field.notes')}>{u.notes ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('units.failureHistory')}>
        <FailureHistory cases={u.cases} />
      </Card>
      <UnitModal
        open={editing}
        unit={u}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void queryClient.invalidateQueries({ queryKey: customerKeys.units });
          void queryClient.invalidateQueries({ queryKey: customerKeys.detail(u.customerId) });
        }}
      />
    </>
  );
}
