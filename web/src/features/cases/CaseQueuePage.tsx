import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { Button, Card, Checkbox, Flex, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import {
  type CasePage,
  type CaseQueue,
  type CaseSummary,
  caseKeys,
  cleanQuery,
  QUEUES,
  SEVERITIES,
  URGENCIES,
  useCaseTypeLabel,
  useCaseTypes,
  useCustomerLookup,
} from './api';
import { QueueDeadlineCell, useNow } from './DeadlineViews';
import { CaseStateTag, stateLabel } from './labels';
import { messages } from './messages';
import { useDebounced } from './useDebounced';

const REFRESH_MS = 30_000;
const STATE_CODES = Object.keys(messages['zh-CN'].state);

/** Customer filter: type a name, phone or serial, pick one. */
function CustomerFilter({ value, onChange }: { value: string; onChange: (id: string | null) => void }) {
  const { t } = useTranslation('cases');
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const lookup = useCustomerLookup(q);
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = (lookup.data?.items ?? []).map((i) => ({
    value: i.customer.id,
    label: i.customer.name,
  }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: known[value] ?? t('field.customer') });
  return (
    <Select
      allowClear
      style={{ width: 200 }}
      placeholder={t('queue.anyCustomer')}
      aria-label={t('field.customer')}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value || undefined}
      options={options}
      loading={lookup.isFetching}
      onChange={(id: string | undefined, option) => {
        if (id && option && !Array.isArray(option)) setKnown((k) => ({ ...k, [id]: String(option.label) }));
        onChange(id ?? null);
      }}
    />
  );
}

/**
 * 工单队列: 我的 / 待派单 / 超时 / 即将超时 / 等待中 / 已升级 / 全部, filters in the address (so a
 * queue can be bookmarked), the most urgent deadline of each case in a live colour, refreshed
 * every 30 seconds. A row opens the case.
 */
export function CaseQueuePage() {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [keyword, setKeyword] = useState(params.get('q') ?? '');
  const q = useDebounced(keyword, 300);
  const types = useCaseTypes();
  const typeLabel = useCaseTypeLabel();
  const now = useNow(REFRESH_MS);

  const queue = (QUEUES as readonly string[]).includes(params.get('queue') ?? '') ? (params.get('queue') as CaseQueue) : 'mine';
  const filters = {
    queue,
    type: params.get('type') ?? '',
    state: params.get('state') ?? '',
    severity: params.get('severity') ?? '',
    urgency: params.get('urgency') ?? '',
    customerId: params.get('customerId') ?? '',
    open: params.get('open') ?? '',
    q: q.trim(),
  };
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = cleanQuery(filters);
  const list = useCursorList<CaseSummary>({
    queryKey: caseKeys.list(query),
    fetchPage: ({ cursor, limit }) => api.get<CasePage>('/cases', { ...query, cursor, limit }),
  });
  // refresh every 30 s (the latest refetch through a ref: the interval must not restart on every render)
  const refetchRef = useRef(list.refetch);
  refetchRef.current = list.refetch;
  useEffect(() => {
    const timer = setInterval(() => refetchRef.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const columns: TableColumnsType<CaseSummary> = useMemo(
    () => [
      {
        title: t('field.number'),
        dataIndex: 'number',
        width: 150,
        render: (n: string, c) => (
          <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>
            {n}
          </Link>
        ),
      },
      {
        title: t('field.type'),
        dataIndex: 'type',
        width: 90,
        render: (code: string, c) => typeLabel(code, c.typeName),
      },
      {
        title: t('field.title'),
        dataIndex: 'title',
        render: (title: string, c) => (
          <Flex vertical>
            <Typography.Text ellipsis style={{ maxWidth: 280 }}>
              {title}
            </Typography.Text>
            <Space size={2} wrap>
              {c.severity !== 'general' && (
                <Tag color={c.severity === 'major' ? 'red' : 'orange'}>{t(`severity.${c.severity}`)}</Tag>
              )}
              {c.urgency === 'high' && <Tag color="volcano">{t('urgency.high')}</Tag>}
              {c.escalated && <Tag color="magenta">{t('queue.tab.escalated')}</Tag>}
              {c.waitingOn && <Tag color="processing">{t(`waitingOn.${c.waitingOn}`)}</Tag>}
            </Space>
          </Flex>
        ),
      },
      {
        title: t('field.customer'),
        dataIndex: 'customerName',
        width: 170,
        render: (v: string | null, c) =>
          v ? (
            <Flex vertical>
              <span>{v}</span>
              {c.serialNumber && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.serialNumber}
                </Typography.Text>
              )}
            </Flex>
          ) : (
            '—'
          ),
      },
      {
        title: t('field.owner'),
        key: 'owner',
        width: 90,
        render: (_: unknown, c) => c.owner.name,
      },
      {
        title: t('field.state'),
        dataIndex: 'state',
        width: 100,
        render: (s: string) => <CaseStateTag state={s} />,
      },
      {
        title: t('field.deadline'),
        key: 'deadline',
        width: 140,
        render: (_: unknown, c) => <QueueDeadlineCell row={c} now={now} knownDueSoon={queue === 'due_soon'} />,
      },
      {
        title: t('field.createdAt'),
        dataIndex: 'createdAt',
        width: 130,
        render: (v: string) => formatDateTime(v),
      },
    ],
    [t, typeLabel, now, queue],
  );

  return (
    <>
      <PageHeader
        title={t('queue.title')}
        subTitle={t('queue.refreshed')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => list.refetch()} loading={list.isFetching && !list.isLoading}>
              {t('common:button.refresh')}
            </Button>
            {can('case.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')} data-testid="new-case">
                {t('menu.newCase')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <Tabs
          activeKey={queue}
          onChange={(key) => setFilter('queue', key)}
          items={QUEUES.map((key) => ({ key, label: t(`queue.tab.${key}`) }))}
          data-testid="queue-tabs"
        />
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('queue.search')}
            aria-label={t('queue.search')}
            value={keyword}
            onChange={(e) => {
              setKeyword(e.target.value);
              setFilter('q', e.target.value);
            }}
          />
          <Select
            style={{ width: 140 }}
            value={filters.type}
            onChange={(v) => setFilter('type', v)}
            aria-label={t('field.type')}
            options={[
              { value: '', label: t('queue.anyType') },
              ...(types.data?.items ?? []).map((ty) => ({
                value: ty.code,
                label: typeLabel(ty.code),
              })),
            ]}
          />
          <Select
            style={{ width: 130 }}
            value={filters.state}
            onChange={(v) => setFilter('state', v)}
            aria-label={t('field.state')}
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              { value: '', label: t('queue.anyState') },
              ...STATE_CODES.map((s) => ({
                value: s,
                label: stateLabel(t, s),
              })),
            ]}
          />
          <Select
            style={{ width: 140 }}
            value={filters.severity}
            onChange={(v) => setFilter('severity', v)}
            aria-label={t('field.severity')}
            options={[
              { value: '', label: t('queue.anySeverity') },
              ...SEVERITIES.map((s) => ({
                value: s,
                label: t(`severity.${s}`),
              })),
            ]}
          />
          <Select
            style={{ width: 140 }}
            value={filters.urgency}
            onChange={(v) => setFilter('urgency', v)}
            aria-label={t('field.urgency')}
            options={[
              { value: '', label: t('queue.anyUrgency') },
              ...URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) })),
            ]}
          />
          <CustomerFilter value={filters.customerId} onChange={(id) => setFilter('customerId', id)} />
          {(queue === 'all' || queue === 'overdue' || queue === 'due_soon' || queue === 'waiting') && (
            <Checkbox checked={filters.open === 'true'} onChange={(e) => setFilter('open', e.target.checked ? 'true' : null)}>
              {t('queue.openOnly')}
            </Checkbox>
          )}
        </Flex>
        <ApiErrorAlert error={list.error} ns="cases" onReload={list.refetch} retry />
        <Table<CaseSummary>
          rowKey="id"
          columns={columns}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('queue.empty') }}
          onRow={(c) => ({
            onClick: () => navigate(`/cases/${c.id}`),
            style: { cursor: 'pointer' },
          })}
          data-testid="case-queue"
          {...list.tableProps}
          // the 30-second refresh happens quietly; only the first load shows the spinner
          loading={list.isLoading}
        />
        <LoadMore list={list} />
      </Card>
    </>
  );
}
