import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Button, DatePicker, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/apiErrors';
import { companyToday, dayjs, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type FollowupTask, followupKeys } from './api';

/** 今日回访 (R-FUP-5): the user's calls of the day, by due time then priority; Enter on a row starts the call. */
export function QueuePage() {
  const { t } = useTranslation('followups');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? companyToday();
  const queue = useQuery({
    queryKey: followupKeys.queue(date),
    queryFn: () => api.get<{ date: string; items: FollowupTask[] }>('/followups/queue', { date }),
  });
  const now = Date.now();

  const columns: TableColumnsType<FollowupTask> = [
    {
      title: t('queue.time'),
      dataIndex: 'dueAt',
      width: 150,
      render: (v: string, r) => (
        <Flex vertical>
          <Typography.Text type={Date.parse(r.dueBy) < now ? 'danger' : undefined}>{formatDateTime(v)}</Typography.Text>
          {Date.parse(r.dueBy) < now && <Typography.Text type="danger">{t('queue.overdue')}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('queue.customer'),
      key: 'customer',
      render: (_: unknown, r) => (
        <Flex gap={4} wrap>
          <span>{r.customer.name}</span>
          {r.restricted && <Tag color="red">{t('queue.restricted')}</Tag>}
        </Flex>
      ),
    },
    { title: t('queue.phone'), key: 'phone', width: 130, render: (_: unknown, r) => r.customer.phone ?? '—' },
    { title: t('queue.rule'), dataIndex: 'ruleName', ellipsis: true, render: (v: string | null, r) => v ?? t(`purpose.${r.purpose}`) },
    { title: t('queue.channel'), dataIndex: 'channel', width: 110, render: (v: string) => t(`channel.${v}`) },
    { title: t('queue.priority'), dataIndex: 'priority', width: 80, align: 'right' },
    {
      title: t('queue.case'),
      dataIndex: 'caseNumber',
      width: 150,
      render: (v: string | null, r) => (v && r.caseId ? <Link to={`/cases/${r.caseId}`}>{v}</Link> : '—'),
    },
    { title: t('queue.attempts'), dataIndex: 'attempts', width: 90, render: (v: number) => (v > 0 ? t('queue.retry', { n: v + 1 }) : '—') },
    {
      key: 'open',
      width: 120,
      render: (_: unknown, r) => (
        <Button type="primary" size="small" icon={<PhoneOutlined />} onClick={() => navigate(`/followups/tasks/${r.id}`)} data-testid={`call-${r.id}`}>
          {t('queue.open')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('queue.title')}
        subTitle={t('queue.subTitle')}
        extra={
          <DatePicker
            aria-label={t('queue.date')}
            allowClear={false}
            value={dayjs(date)}
            onChange={(d) => {
              const next = new URLSearchParams(params);
              if (d) next.set('date', d.format('YYYY-MM-DD'));
              setParams(next, { replace: true });
            }}
          />
        }
      />
      {queue.error ? <ApiErrorAlert error={queue.error} ns="followups" onReload={() => void queue.refetch()} /> : null}
      <Table<FollowupTask>
        data-testid="followup-queue"
        rowKey="id"
        size="middle"
        loading={queue.isLoading}
        columns={columns}
        dataSource={queue.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('queue.empty') }}
        onRow={(r) => ({
          tabIndex: 0,
          onKeyDown: (e) => {
            if (e.key === 'Enter') navigate(`/followups/tasks/${r.id}`);
          },
        })}
        scroll={{ x: 1000 }}
      />
    </>
  );
}
