import { PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { Button, Flex, Input, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert } from '../../components/apiErrors';
import { dayjs, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import type { CasePage, CaseQueue, CaseSummary } from '../cases/api';
import { CaseStateTag, SeverityTag } from '../cases/labels';
import { useDebounced } from '../cases/useDebounced';

/** Who must act in each state of a complaint (the same words as the server's view.step.actor). */
const ACTOR_KEY: Record<string, string> = {
  new: 'agent',
  verifying: 'agent',
  investigating: 'department',
  planning: 'department',
  plan_review: 'departmentHead',
  handling: 'department',
  feedback: 'agent',
  awaiting_confirmation: 'complainant',
  confirmed: 'quality',
  closure_review: 'generalManager',
};

/** 投诉 queue: every complaint with its step, who must act and the next deadline (R-CMP web). */
export function ComplaintQueuePage() {
  const { t } = useTranslation('complaints');
  const can = useCan();
  const navigate = useNavigate();
  const [queue, setQueue] = useState<CaseQueue>('all');
  const [openOnly, setOpenOnly] = useState(true);
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const filters = { type: 'complaint', queue, open: openOnly ? 'true' : undefined, q: q.trim() || undefined };
  const list = useCursorList<CaseSummary>({
    queryKey: ['complaints', 'queue', filters],
    fetchPage: ({ cursor, limit }) => api.get<CasePage>('/cases', { ...filters, cursor, limit }),
  });
  const columns: TableColumnsType<CaseSummary> = [
    { title: t('queue.number'), dataIndex: 'number', width: 160, render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
    { title: t('queue.title'), dataIndex: 'title', ellipsis: true },
    { title: t('queue.customer'), dataIndex: 'customerName', width: 180, ellipsis: true, render: (v: string | null) => v ?? t('panel.anonymous') },
    { title: t('queue.step'), dataIndex: 'state', width: 140, render: (s: string) => <CaseStateTag state={s} /> },
    { title: t('queue.actor'), key: 'actor', width: 110, render: (_, r) => (ACTOR_KEY[r.state] ? t(`actor.${ACTOR_KEY[r.state]}`) : '—') },
    {
      title: t('queue.due'),
      dataIndex: 'nextDueAt',
      width: 150,
      render: (v: string | null, r) =>
        v ? <Typography.Text type={r.overdue || dayjs(v).isBefore(dayjs()) ? 'danger' : undefined}>{formatDateTime(v)}</Typography.Text> : '—',
    },
    {
      title: t('queue.flags'),
      key: 'flags',
      width: 200,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.severity !== 'general' ? <SeverityTag severity={r.severity} /> : null}
          {r.escalated ? <Tag color="red">{t('panel.escalated')}</Tag> : null}
          {r.overdue ? <Tag color="volcano">{t('queue.overdue')}</Tag> : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('menu.queue')}
        subTitle={t('queue.hint')}
        extra={
          can('complaint.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/complaints/new')}>
              {t('menu.newComplaint')}
            </Button>
          ) : undefined
        }
      />
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<CaseQueue>
          value={queue}
          onChange={setQueue}
          options={(['all', 'mine', 'overdue', 'due_soon', 'escalated'] as const).map((k) => ({ value: k, label: t(`queue.tab.${k}`) }))}
        />
        <Input.Search allowClear placeholder={t('queue.search')} style={{ width: 240 }} value={text} onChange={(e) => setText(e.target.value)} />
        <Flex gap={8} align="center">
          <Switch checked={openOnly} onChange={setOpenOnly} aria-label={t('queue.openOnly')} />
          <span>{t('queue.openOnly')}</span>
        </Flex>
      </Flex>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Table rowKey="id" size="middle" columns={columns} scroll={{ x: 1100 }} locale={{ emptyText: t('queue.empty') }} data-testid="complaint-queue" {...list.tableProps} />
      <LoadMore list={list} />
    </>
  );
}
