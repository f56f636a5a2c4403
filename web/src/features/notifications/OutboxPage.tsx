import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Alert, App, Badge, Button, Descriptions, Drawer, Flex, Input, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import {
  CHANNELS,
  type NotificationChannel,
  notificationKeys,
  OUTBOX_STATE_COLOR,
  OUTBOX_STATES,
  type OutboxMessage,
  type OutboxPage as OutboxPageData,
  type OutboxState,
  type OutboxSummary,
} from './api';

const SETTING_OF: Partial<Record<NotificationChannel, string>> = { email: 'SMTP_URL', sms: 'SMS_WEBHOOK_URL' };

/** 消息发送记录: every outgoing message with state, attempts and the last error; resend or cancel (ARCHITECTURE §4). */
export function OutboxPage() {
  const { t } = useTranslation('notifications');
  const { message } = App.useApp();
  const showError = useShowApiError('notifications');
  const queryClient = useQueryClient();
  const [state, setState] = useState<OutboxState | 'all'>('all');
  const [channel, setChannel] = useState<NotificationChannel | undefined>();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<OutboxMessage | null>(null);

  const summary = useQuery({ queryKey: notificationKeys.summary, queryFn: () => api.get<OutboxSummary>('/outbox/summary') });
  const filters = { state: state === 'all' ? undefined : state, channel, q: q || undefined };
  const list = useCursorList<OutboxMessage>({
    queryKey: [...notificationKeys.outbox, filters],
    fetchPage: ({ cursor, limit }) => api.get<OutboxPageData>('/outbox', { ...filters, cursor, limit }),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: notificationKeys.outbox });
  };

  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'retry' | 'cancel' }) => api.post<OutboxMessage>(`/outbox/${id}/${action}`),
    onSuccess: (saved, { action }) => {
      void message.success(action === 'retry' ? t('outbox.retried') : t('outbox.cancelled'));
      setOpen((current) => (current?.id === saved.id ? saved : current));
      refresh();
    },
    onError: (error) => showError(error, { onReload: refresh }),
  });

  const missing = (['email', 'sms'] as NotificationChannel[]).filter((c) => summary.data && !summary.data.configuredChannels.includes(c));
  const channelLabel = (c: NotificationChannel) => t(`channel.${c}`);
  const stateTag = (s: OutboxState) => <Tag color={OUTBOX_STATE_COLOR[s]}>{t(`outboxState.${s}`)}</Tag>;
  const actions = (m: OutboxMessage) => (
    <Space size={0}>
      {(m.state === 'dead' || m.state === 'pending' || m.state === 'cancelled') && (
        <Popconfirm title={t('outbox.retryConfirm')} onConfirm={() => act.mutate({ id: m.id, action: 'retry' })}>
          <Button type="link" size="small">
            {t('outbox.retry')}
          </Button>
        </Popconfirm>
      )}
      {(m.state === 'dead' || m.state === 'pending') && (
        <Popconfirm title={t('outbox.cancelConfirm')} onConfirm={() => act.mutate({ id: m.id, action: 'cancel' })}>
          <Button type="link" size="small" danger>
            {t('outbox.cancel')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  const columns: TableColumnsType<OutboxMessage> = [
    { title: t('outbox.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('outbox.channel'), dataIndex: 'channel', width: 90, render: channelLabel },
    { title: t('outbox.recipient'), dataIndex: 'recipient', width: 200, render: (_, m) => m.recipientName ?? m.recipient },
    {
      title: t('outbox.content'),
      key: 'content',
      ellipsis: true,
      render: (_, m) => (
        <Button type="link" size="small" style={{ padding: 0, height: 'auto', maxWidth: '100%' }} onClick={() => setOpen(m)}>
          <Typography.Text ellipsis>{m.subject ?? m.body}</Typography.Text>
        </Button>
      ),
    },
    {
      title: t('outbox.related'),
      key: 'related',
      width: 150,
      render: (_, m) => (m.related?.entity === 'case' ? <Link to={`/cases/${m.related.id}`}>{m.related.label ?? ''}</Link> : null),
    },
    { title: t('outbox.state'), dataIndex: 'state', width: 100, render: stateTag },
    {
      title: t('outbox.attempts'),
      key: 'attempts',
      width: 90,
      render: (_, m) => t('outbox.attemptsValue', { attempts: m.attempts, max: m.maxAttempts }),
    },
    {
      title: t('outbox.lastError'),
      dataIndex: 'lastError',
      ellipsis: true,
      render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : null),
    },
    { title: t('common:list.actions'), key: 'actions', width: 150, render: (_, m) => actions(m) },
  ];

  return (
    <>
      <PageHeader
        title={t('outbox.title')}
        subTitle={t('outbox.subTitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {t('common:button.refresh')}
          </Button>
        }
      />
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('outbox.notConfigured', {
            channels: missing.map(channelLabel).join('、'),
            settings: missing.map((c) => SETTING_OF[c]).join(', '),
          })}
        />
      )}
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Segmented<OutboxState | 'all'>
          value={state}
          onChange={setState}
          options={[
            { value: 'all', label: t('outbox.all') },
            ...OUTBOX_STATES.map((s) => ({
              value: s,
              label: (
                <Space size={4}>
                  {t(`outboxState.${s}`)}
                  {summary.data ? <Badge count={summary.data.counts[s]} showZero={false} overflowCount={9999} color={s === 'dead' ? 'red' : 'gray'} /> : null}
                </Space>
              ),
            })),
          ]}
        />
        <Select
          allowClear
          aria-label={t('outbox.channel')}
          placeholder={t('outbox.allChannels')}
          style={{ width: 140 }}
          value={channel}
          onChange={setChannel}
          options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
        />
        <Input.Search allowClear placeholder={t('outbox.searchRecipient')} aria-label={t('outbox.searchRecipient')} style={{ width: 260 }} onSearch={setQ} />
      </Flex>
      <ApiErrorAlert error={list.error} ns="notifications" onReload={list.refetch} />
      <Table<OutboxMessage> rowKey="id" size="middle" columns={columns} scroll={{ x: 1200 }} {...list.tableProps} />
      <LoadMore list={list} />
      <Drawer open={open !== null} title={t('outbox.detail')} size={560} onClose={() => setOpen(null)} extra={open ? actions(open) : null}>
        {open && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('outbox.channel')}>{channelLabel(open.channel)}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.recipient')}>
              {open.recipientName ? `${open.recipientName}（${open.recipient}）` : open.recipient}
            </Descriptions.Item>
            <Descriptions.Item label={t('outbox.state')}>{stateTag(open.state)}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.attempts')}>{t('outbox.attemptsValue', { attempts: open.attempts, max: open.maxAttempts })}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.createdAt')}>{formatDateTime(open.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.dueAt')}>{formatDateTime(open.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.sentAt')}>{formatDateTime(open.sentAt)}</Descriptions.Item>
            {open.lastError && (
              <Descriptions.Item label={t('outbox.lastError')}>
                <Typography.Text type="danger">{open.lastError}</Typography.Text>
              </Descriptions.Item>
            )}
            {open.subject && <Descriptions.Item label={t('outbox.subject')}>{open.subject}</Descriptions.Item>}
            <Descriptions.Item label={t('outbox.body')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{open.body}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Drawer>
    </>
  );
}
