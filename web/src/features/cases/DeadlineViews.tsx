import { Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import type { CaseSummary, DeadlineView } from './api';
import {
  formatDuration,
  formatPolicyAmount,
  liveDeadlineStatus,
  liveOverdueByMs,
  liveTimeLeftMs,
  queueDeadlineStatus,
  STATUS_COLOUR,
  statusRank,
} from './deadlines';
import { metricLabel } from './labels';

/** The time now, renewed every `intervalMs` (the colours and "time left" move on by themselves). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The most urgent deadline of a queue row: coloured status, time left or overdue by, due time in company time. */
export function QueueDeadlineCell({ row, now, knownDueSoon }: { row: CaseSummary; now: number; knownDueSoon?: boolean }) {
  const { t } = useTranslation('cases');
  const status = queueDeadlineStatus(row, now, { knownDueSoon });
  let detail = '';
  if (row.nextDueAt) {
    const left = Date.parse(row.nextDueAt) - now;
    detail = left > 0 ? t('timeLeft', { time: formatDuration(left, t) }) : t('overdueBy', { time: formatDuration(-left, t) });
  }
  return (
    <Flex vertical gap={2} data-testid="queue-deadline" data-status={status}>
      <span>
        <Tag color={STATUS_COLOUR[status]} style={{ marginInlineEnd: 0 }}>
          {t(`deadlineStatus.${status}`)}
        </Tag>
      </span>
      {row.nextDueAt && (
        <Tooltip title={t('detail.due', { time: formatDateTime(row.nextDueAt) })}>
          <Typography.Text type={status === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {detail}
          </Typography.Text>
        </Tooltip>
      )}
    </Flex>
  );
}

/** One deadline's status tag and its time left / overdue by, live. */
export function DeadlineStatusTag({ deadline, now }: { deadline: DeadlineView; now: number }) {
  const { t } = useTranslation('cases');
  const status = liveDeadlineStatus(deadline, now);
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="deadline-status" data-status={status}>
      {t(`deadlineStatus.${status}`)}
    </Tag>
  );
}

function deadlineTimeText(d: DeadlineView, now: number, t: ReturnType<typeof useTranslation>['t']): string {
  const status = liveDeadlineStatus(d, now);
  if (status === 'paused') {
    const left = liveTimeLeftMs(d, now);
    return left === null ? '' : t('pausedLeft', { time: formatDuration(left, t) });
  }
  const left = liveTimeLeftMs(d, now);
  if (left !== null) return t('timeLeft', { time: formatDuration(left, t) });
  const over = liveOverdueByMs(d, now);
  if (over !== null && over > 0) return t('overdueBy', { time: formatDuration(over, t) });
  return '';
}

/**
 * 时限 panel of the case page: each metric with its policy (4 工作小时 …), due time in company time,
 * live status colour, time left or overdue by, when it was met, and paused deadlines with the
 * time that is kept for them. Most urgent first.
 */
export function DeadlinePanel({ deadlines, now }: { deadlines: DeadlineView[]; now: number }) {
  const { t } = useTranslation('cases');
  if (!deadlines.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noDeadlines')} />;
  const rows = [...deadlines].sort(
    (a, b) =>
      statusRank(liveDeadlineStatus(a, now)) - statusRank(liveDeadlineStatus(b, now)) ||
      (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'),
  );
  const columns: TableColumnsType<DeadlineView> = [
    {
      title: t('sla.metric'),
      dataIndex: 'metric',
      render: (m: string, d) => (
        <Flex vertical>
          <Typography.Text strong>{metricLabel(t, m)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatPolicyAmount(d.amount, d.unit, t)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('field.deadline'),
      key: 'due',
      render: (_: unknown, d) => {
        const status = liveDeadlineStatus(d, now);
        if (status === 'paused') {
          return d.projectedDueAt
            ? t('detail.projectedDue', {
                time: formatDateTime(d.projectedDueAt),
              })
            : '—';
        }
        return d.dueAt ? formatDateTime(d.dueAt) : '—';
      },
    },
    {
      title: t('field.state'),
      key: 'status',
      render: (_: unknown, d) => (
        <Flex vertical gap={2}>
          <span>
            <DeadlineStatusTag deadline={d} now={now} />
            {d.escalationLevel > 0 && <Tag color="magenta">{t('detail.escalationLevel', { level: d.escalationLevel })}</Tag>}
          </span>
          <Typography.Text
            type={['overdue', 'breached', 'met_late'].includes(liveDeadlineStatus(d, now)) ? 'danger' : 'secondary'}
            style={{ fontSize: 12 }}
            data-testid="deadline-time"
          >
            {deadlineTimeText(d, now, t)}
            {d.metAt ? ` ${t('detail.metAt', { time: formatDateTime(d.metAt) })}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
  ];
  return (
    <Table<DeadlineView>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid="deadline-panel"
    />
  );
}
