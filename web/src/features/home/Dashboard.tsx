import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardNumbers } from '../../../../contracts/dashboard';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components';
import { stateLabel } from '../cases/labels';

const REFRESH_MS = 60_000;

/** Open cases of a type with their states, one row per type. */
function rowsByType(numbers: DashboardNumbers) {
  const rows = new Map<string, { type: string; typeName: string; total: number; states: { state: string; count: number }[] }>();
  for (const r of numbers.openByType) {
    const row = rows.get(r.type) ?? { type: r.type, typeName: r.typeName, total: 0, states: [] };
    row.total += r.count;
    row.states.push({ state: r.state, count: r.count });
    rows.set(r.type, row);
  }
  return [...rows.values()];
}

function Figure({ title, value, to, danger, testId }: { title: string; value: ReactNode; to?: string; danger?: boolean; testId: string }) {
  const figure = (
    <Card size="small" hoverable={!!to} data-testid={testId}>
      <Statistic title={title} value={value as number} styles={{ content: danger ? { color: '#cf1322' } : undefined }} />
    </Card>
  );
  return (
    <Col xs={12} sm={8} xl={4}>
      {to ? <Link to={to}>{figure}</Link> : figure}
    </Col>
  );
}

/**
 * 工作台 numbers (R-RPT-1): what is open, what is late, what is due today, today's visits and how
 * many deadlines were kept; each figure opens the matching queue. Refreshed every minute.
 */
export function Dashboard() {
  const { t } = useTranslation('home');
  const { t: tc } = useTranslation('cases');
  const query = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => api.get<DashboardNumbers>('/dashboard'),
    refetchInterval: REFRESH_MS,
  });
  if (query.error) return <ApiErrorAlert error={query.error} onReload={() => query.refetch()} />;
  const n = query.data;
  const compliance = n?.sla.compliance;
  return (
    <Card
      size="small"
      loading={query.isLoading}
      title={n?.scope === 'mine' ? t('dashboard.titleMine') : t('dashboard.title')}
      data-testid="dashboard"
    >
      {n && (
        <Flex vertical gap={16}>
          <Row gutter={[12, 12]}>
            <Figure testId="dash-open" title={t('dashboard.open')} value={n.open} to="/cases?queue=all" />
            <Figure testId="dash-mine" title={t('dashboard.mine')} value={n.mine} to="/cases?queue=mine" />
            <Figure testId="dash-overdue" title={t('dashboard.overdue')} value={n.overdue} danger={n.overdue > 0} to="/cases?queue=overdue" />
            <Figure testId="dash-due-today" title={t('dashboard.dueToday')} value={n.dueToday} to="/cases?queue=due_soon" />
            <Figure testId="dash-appointments" title={t('dashboard.appointmentsToday')} value={n.appointmentsToday} to={n.scope === 'department' ? '/dispatch/board' : '/my/jobs'} />
            {n.followUpsToday !== null && (
              <Figure testId="dash-followups" title={t('dashboard.followUpsToday')} value={n.followUpsToday} to="/followups/queue" />
            )}
            <Figure
              testId="dash-compliance"
              title={t('dashboard.compliance', { days: n.sla.days })}
              value={compliance === null || compliance === undefined ? '—' : `${(compliance * 100).toFixed(1)}%`}
              danger={compliance !== null && compliance !== undefined && compliance < 0.9}
            />
          </Row>
          <Typography.Text type="secondary">
            {t('dashboard.slaDetail', { onTime: n.sla.metOnTime, late: n.sla.metLate, breached: n.sla.breachedOpen })}
          </Typography.Text>
          <Table
            size="small"
            rowKey="type"
            pagination={false}
            dataSource={rowsByType(n)}
            locale={{ emptyText: t('dashboard.nothingOpen') }}
            columns={[
              {
                title: t('dashboard.type'),
                render: (_, r) => <Link to={`/cases?queue=all&type=${r.type}`}>{r.typeName}</Link>,
              },
              { title: t('dashboard.total'), dataIndex: 'total', width: 90 },
              {
                title: t('dashboard.byState'),
                render: (_, r) => (
                  <Flex gap={4} wrap>
                    {r.states.map((s) => (
                      <Tag key={s.state}>
                        {stateLabel(tc, s.state)} {s.count}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
