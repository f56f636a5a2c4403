import type { TableColumnsType } from 'antd';
import { Flex, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { CAPA_STATES, type CapaView, useCapaList } from './api';

/** 纠正和预防措施 tracked by quality to their deadline, across complaints and monthly meetings (R-CMP-5). */
export function CapaPage() {
  const { t } = useTranslation('complaints');
  const [state, setState] = useState<string | undefined>('open');
  const [overdue, setOverdue] = useState(false);
  const list = useCapaList({ state, overdue: overdue ? 'true' : undefined });
  const columns: TableColumnsType<CapaView> = [
    {
      title: t('capa.source'),
      key: 'source',
      width: 160,
      render: (_, a) => (a.caseId ? <Link to={`/cases/${a.caseId}`}>{a.caseNumber}</Link> : t('capa.fromMeeting')),
    },
    { title: t('capa.kind'), dataIndex: 'kind', width: 120, render: (k: string) => t(`capaKind.${k}`) },
    { title: t('capa.description'), dataIndex: 'description', ellipsis: true },
    { title: t('capa.owner'), key: 'owner', width: 110, render: (_, a) => a.owner.name },
    { title: t('capa.department'), key: 'department', width: 120, render: (_, a) => a.department?.name ?? '—' },
    { title: t('capa.dueOn'), dataIndex: 'dueOn', width: 110 },
    {
      title: t('capa.state'),
      key: 'state',
      width: 150,
      render: (_, a) => (
        <Flex gap={4}>
          <Tag>{t(`capaState.${a.state}`)}</Tag>
          {a.overdue ? <Tag color="red">{t('capa.overdue')}</Tag> : null}
        </Flex>
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('menu.capa')} subTitle={t('capa.hint')} />
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('capa.state')}
          style={{ width: 180 }}
          value={state}
          onChange={setState}
          options={CAPA_STATES.map((s) => ({ value: s, label: t(`capaState.${s}`) }))}
          aria-label={t('capa.state')}
        />
        <Flex gap={8} align="center">
          <Switch checked={overdue} onChange={setOverdue} aria-label={t('capa.onlyOverdue')} />
          <span>{t('capa.onlyOverdue')}</span>
        </Flex>
      </Flex>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Table rowKey="id" size="middle" columns={columns} dataSource={list.data?.items ?? []} loading={list.isLoading} pagination={{ pageSize: 50 }} scroll={{ x: 1000 }} />
    </>
  );
}
