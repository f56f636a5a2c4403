import type { TableColumnsType } from 'antd';
import { Flex, Select, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs, formatDateTime, formatMoneyFen } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { RMA_STATES, type RmaPage, type RmaState, type RmaView, warrantyKeys } from './api';
import { RmaStateTag } from './labels';

/** 返厂维修 (R-WAR-3): every return-to-factory order with its steps and the ship-back deadline. */
export function RmaListPage() {
  const { t } = useTranslation('warranty');
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') as RmaState | null) ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const filters = { state, overdue: overdue ? 'true' : undefined };
  const list = useCursorList<RmaView>({
    queryKey: [...warrantyKeys.rmas, filters],
    fetchPage: ({ cursor, limit }) => api.get<RmaPage>('/warranty/rmas', { ...filters, cursor, limit }),
  });

  const columns: TableColumnsType<RmaView> = [
    { title: t('rma.number'), dataIndex: 'number', width: 150 },
    {
      title: t('rma.case'),
      dataIndex: 'caseNumber',
      width: 150,
      render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link>,
    },
    { title: t('rma.serial'), key: 'serial', width: 140, render: (_: unknown, r) => r.unit?.serialNumber ?? '—' },
    { title: t('rma.state'), dataIndex: 'state', width: 120, render: (v: RmaState) => <RmaStateTag state={v} /> },
    { title: t('rma.factoryName'), dataIndex: 'factoryName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('rma.shippedToFactoryAt'), dataIndex: 'shippedToFactoryAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: t('rma.receivedByFactoryAt'), dataIndex: 'receivedByFactoryAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('rma.shipBackDue'),
      dataIndex: 'shipBackDueAt',
      width: 150,
      render: (v: string | null, r) => {
        if (!v) return '—';
        const late = !r.shipBackMetAt && dayjs(v).isBefore(dayjs());
        return <Typography.Text type={late ? 'danger' : r.shipBackMetAt ? 'success' : undefined}>{formatDateTime(v)}</Typography.Text>;
      },
    },
    { title: t('rma.shippedBackAt'), dataIndex: 'shippedBackAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('rma.totalCost'),
      dataIndex: 'totalShippingCostFen',
      width: 110,
      align: 'right',
      render: (v: number) => formatMoneyFen(v),
    },
  ];

  return (
    <>
      <PageHeader title={t('menu.rmas')} subTitle={t('rma.listHint')} />
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('rma.state')}
          style={{ width: 180 }}
          value={state}
          onChange={(v) => setParam('state', v)}
          options={RMA_STATES.map((s) => ({ value: s, label: t(`rmaState.${s}`) }))}
          aria-label={t('rma.state')}
        />
        <Flex gap={8} align="center">
          <Switch checked={overdue} onChange={(v) => setParam('overdue', v ? 'true' : undefined)} aria-label={t('rma.onlyOverdue')} />
          <span>{t('rma.onlyOverdue')}</span>
        </Flex>
      </Flex>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Table rowKey="id" size="middle" columns={columns} scroll={{ x: 1300 }} {...list.tableProps} />
      <LoadMore list={list} />
    </>
  );
}
