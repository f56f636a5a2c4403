import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, DatePicker, Form, Input, Progress, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { companyToday, dayjs, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type FollowupRates, followupKeys } from './api';
import { Lines } from './Lines';

type RuleRate = FollowupRates['rules'][number];
type AgentRate = FollowupRates['agents'][number];

const BAND_COLORS = { commendation: 'green', normal: 'blue', warning: 'orange', failing: 'red' } as const;

/** 回访率 (R-FUP-8, R-SAT-3): per rule against its target, per employee with the bands, the supervisor's review. */
export function RatesPage() {
  const { t } = useTranslation('followups');
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('followups');
  const [form] = Form.useForm();
  const [params, setParams] = useSearchParams();
  const today = companyToday();
  const from = params.get('from') ?? `${today.slice(0, 7)}-01`;
  const to = params.get('to') ?? today;
  const rates = useQuery({ queryKey: followupKeys.rates(from, to), queryFn: () => api.get<FollowupRates>('/followups/rates', { from, to }) });
  const review = useMutation({
    mutationFn: (values: { agentId?: string; comment: string }) => api.post('/followups/reviews', { agentId: values.agentId ?? null, from, to, comment: values.comment }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('rates.reviewSaved'));
      void queryClient.invalidateQueries({ queryKey: followupKeys.rates(from, to) });
    },
    onError: (error) => showError(error, { form }),
  });

  const rateCell = (rate: number | null, target: number) =>
    rate === null ? '—' : <Progress percent={rate} size="small" status={rate >= target ? 'success' : 'exception'} format={(p) => `${p}%`} style={{ width: 140 }} />;
  const ruleColumns: TableColumnsType<RuleRate> = [
    { title: t('rates.rule'), dataIndex: 'name', ellipsis: true },
    { title: t('rates.due'), dataIndex: 'due', width: 80, align: 'right' },
    { title: t('rates.done'), dataIndex: 'done', width: 80, align: 'right' },
    { title: t('rates.reached'), dataIndex: 'reached', width: 90, align: 'right' },
    { title: t('rates.rate'), dataIndex: 'ratePercent', width: 170, render: (v: number | null, r) => rateCell(v, r.targetPercent) },
    { title: t('rates.target'), dataIndex: 'targetPercent', width: 80, align: 'right', render: (v: number) => `${v}%` },
    {
      key: 'met',
      width: 90,
      render: (_: unknown, r) => (r.metTarget === null ? '—' : <Tag color={r.metTarget ? 'green' : 'red'}>{r.metTarget ? t('rates.met') : t('rates.notMet')}</Tag>),
    },
  ];
  const agentColumns: TableColumnsType<AgentRate> = [
    { title: t('rates.agents'), dataIndex: 'name' },
    { title: t('rates.calls'), dataIndex: 'done', width: 90, align: 'right' },
    { title: t('rates.reached'), dataIndex: 'reached', width: 90, align: 'right' },
    { title: t('rates.scored'), dataIndex: 'scored', width: 90, align: 'right' },
    { title: t('rates.satisfied'), dataIndex: 'satisfiedPercent', width: 100, align: 'right', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
    { title: t('rates.band'), dataIndex: 'band', width: 100, render: (v: AgentRate['band']) => (v ? <Tag color={BAND_COLORS[v]}>{t(`rates.bands.${v}`)}</Tag> : '—') },
  ];
  const overall = rates.data?.overall;

  return (
    <>
      <PageHeader
        title={t('rates.title')}
        subTitle={t('rates.subTitle')}
        extra={
          <DatePicker.RangePicker
            aria-label={t('rates.period')}
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(range) => {
              if (!range?.[0] || !range[1]) return;
              setParams({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }, { replace: true });
            }}
          />
        }
      />
      {rates.error ? <ApiErrorAlert error={rates.error} ns="followups" onReload={() => void rates.refetch()} /> : null}
      {overall && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Statistic
            title={`${t('rates.overall')} · ${t('rates.target')} ${overall.targetPercent}%`}
            value={overall.ratePercent ?? '—'}
            suffix={overall.ratePercent === null ? '' : '%'}
            valueStyle={{ color: overall.metTarget === false ? '#cf1322' : overall.metTarget ? '#389e0d' : undefined }}
          />
          <Typography.Text type="secondary">
            {t('rates.due')} {overall.due} · {t('rates.done')} {overall.done} · {t('rates.reached')} {overall.reached}
          </Typography.Text>
        </Card>
      )}
      <Table<RuleRate> data-testid="rule-rates" rowKey="ruleId" size="small" loading={rates.isLoading} columns={ruleColumns} dataSource={rates.data?.rules ?? []} pagination={false} style={{ marginBottom: 16 }} />
      <Table<AgentRate> rowKey="userId" size="small" loading={rates.isLoading} columns={agentColumns} dataSource={rates.data?.agents ?? []} pagination={false} style={{ marginBottom: 16 }} />
      <Card size="small" title={t('rates.reviews')}>
        <Lines
          items={rates.data?.reviews ?? []}
          render={(r) => (
            <>
              {formatDateTime(r.reviewedAt)} · {r.reviewedBy}
              {r.agentId ? ` → ${rates.data?.agents.find((a) => a.userId === r.agentId)?.name ?? ''}` : ''}：{r.comment}
            </>
          )}
        />
        {can('followup.review') && (
          <Form form={form} layout="vertical" onFinish={(v) => review.mutate(v)} style={{ marginTop: 12, maxWidth: 640 }}>
            <Form.Item name="agentId" label={t('rates.reviewAgent')}>
              <Select allowClear options={(rates.data?.agents ?? []).map((a) => ({ value: a.userId, label: a.name }))} />
            </Form.Item>
            <Form.Item name="comment" label={t('rates.comment')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={review.isPending}>
              {t('rates.addReview')}
            </Button>
          </Form>
        )}
      </Card>
    </>
  );
}
