import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Descriptions, Drawer, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { INBOUND_STATE_COLOR, INBOUND_STATES, type InboundEmail, type InboundEmailDetail, type InboundEmailPage, type InboundEmailState, notificationKeys } from './api';

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** 邮件收件记录: what the e-mail listener received and what became of it; failed messages can be processed again. */
export function InboundEmailsPage() {
  const { t } = useTranslation('notifications');
  const { message } = App.useApp();
  const showError = useShowApiError('notifications');
  const queryClient = useQueryClient();
  const [state, setState] = useState<InboundEmailState | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useCursorList<InboundEmail>({
    queryKey: [...notificationKeys.inbound, { state }],
    fetchPage: ({ cursor, limit }) => api.get<InboundEmailPage>('/inbound-emails', { state, cursor, limit }),
  });
  const detail = useQuery({
    queryKey: [...notificationKeys.inbound, 'detail', openId],
    queryFn: () => api.get<InboundEmailDetail>(`/inbound-emails/${openId}`),
    enabled: openId !== null,
  });
  const reprocess = useMutation({
    mutationFn: (m: InboundEmail) => api.post<InboundEmailDetail>(`/inbound-emails/${m.id}/reprocess`, { version: m.version }),
    onSuccess: (saved) => {
      void message.success(t('inbound.reprocessed'));
      queryClient.setQueryData([...notificationKeys.inbound, 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: notificationKeys.inbound });
    },
    onError: (error) => showError(error, { onReload: list.refetch }),
  });

  const reasonText = (reason: string | null) => (reason ? t(`inboundReason.${reason}`, { defaultValue: t('inboundReason.error') }) : null);
  const stateTag = (s: InboundEmailState) => <Tag color={INBOUND_STATE_COLOR[s]}>{t(`inboundState.${s}`)}</Tag>;
  const caseLink = (m: InboundEmail) => (m.case ? <Link to={`/cases/${m.case.id}`}>{m.case.number}</Link> : null);

  const columns: TableColumnsType<InboundEmail> = [
    { title: t('inbound.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('inbound.from'), key: 'from', width: 220, ellipsis: true, render: (_, m) => (m.fromName ? `${m.fromName} <${m.fromAddress ?? ''}>` : m.fromAddress) },
    {
      title: t('inbound.subject'),
      key: 'subject',
      ellipsis: true,
      render: (_, m) => (
        <Button type="link" size="small" style={{ padding: 0, height: 'auto', maxWidth: '100%' }} onClick={() => setOpenId(m.id)}>
          <Typography.Text ellipsis>{m.subject ?? t('inbound.noSubject')}</Typography.Text>
        </Button>
      ),
    },
    { title: t('inbound.state'), dataIndex: 'state', width: 120, render: stateTag },
    { title: t('inbound.reason'), dataIndex: 'reason', width: 200, ellipsis: true, render: reasonText },
    { title: t('inbound.case'), key: 'case', width: 150, render: (_, m) => caseLink(m) },
    { title: t('inbound.attachments'), dataIndex: 'attachmentCount', width: 80, align: 'right' },
    {
      title: t('common:list.actions'),
      key: 'actions',
      width: 110,
      render: (_, m) =>
        m.state === 'failed' ? (
          <Popconfirm title={t('inbound.reprocessConfirm')} onConfirm={() => reprocess.mutate(m)}>
            <Button type="link" size="small">
              {t('inbound.reprocess')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  const open = detail.data;
  return (
    <>
      <PageHeader
        title={t('inbound.title')}
        subTitle={t('inbound.subTitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.refetch}>
            {t('common:button.refresh')}
          </Button>
        }
      />
      <Flex gap={12} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          aria-label={t('inbound.state')}
          placeholder={t('inbound.allStates')}
          style={{ width: 180 }}
          value={state}
          onChange={setState}
          options={INBOUND_STATES.map((s) => ({ value: s, label: t(`inboundState.${s}`) }))}
        />
      </Flex>
      <ApiErrorAlert error={list.error} ns="notifications" onReload={list.refetch} />
      <Table<InboundEmail> rowKey="id" size="middle" columns={columns} scroll={{ x: 1100 }} {...list.tableProps} />
      <LoadMore list={list} />
      <Drawer
        open={openId !== null}
        title={t('inbound.detail')}
        size={640}
        onClose={() => setOpenId(null)}
        loading={detail.isLoading}
        extra={
          openId ? (
            <Button icon={<DownloadOutlined />} href={api.url(`/inbound-emails/${openId}/raw`)}>
              {t('inbound.raw')}
            </Button>
          ) : null
        }
      >
        <ApiErrorAlert error={detail.error} ns="notifications" onReload={detail.refetch} />
        {open && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('inbound.receivedAt')}>{formatDateTime(open.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.from')}>{open.fromName ? `${open.fromName} <${open.fromAddress ?? ''}>` : open.fromAddress}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.to')}>{open.to.join('，')}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.subject')}>{open.subject ?? t('inbound.noSubject')}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.state')}>
              {stateTag(open.state)} {reasonText(open.reason)}
              {open.detail && (
                <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                  {open.detail}
                </Typography.Paragraph>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('inbound.case')}>{caseLink(open)}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.attachments')}>
              {open.attachmentCount} · {sizeText(open.sizeBytes)}
            </Descriptions.Item>
            <Descriptions.Item label={t('inbound.detail')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{open.textBody}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Drawer>
    </>
  );
}
